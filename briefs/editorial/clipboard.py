"""Pastes from Word, cleaned by the server before the editor takes them.

Word puts a list on the clipboard as paragraphs whose list level sits in a style, with
the bullet as text; the editor would keep them as paragraphs starting with "·". The
editor's page (``static/js/clean-paste.js``) sends such a paste here, and gets back the
same markup the field's sanitizer would store (``sanitizer.py``: the office clean-up,
then the allow-list), which the editor then pastes as usual.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse

from briefs.models import Brief

FIELDS = {"body", "notes"}


def cleaned_paste(request):
    """``{"html": ...}``: the posted HTML as the field named by ``?field=`` would store it.

    A paste longer than a brief may hold is refused (413), and so is markup nested too deep
    to clean (400), each with ``{"error": ...}`` saying why. Larger bodies than
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` are refused (400) by Django itself.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    name = request.GET.get("field", "body")
    if name not in FIELDS:
        return JsonResponse({"error": "Unknown field."}, status=400)
    field = Brief._meta.get_field(name)
    pasted = request.body.decode("utf-8", errors="replace")
    try:
        field.run_validators(pasted)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=413)
    try:
        return JsonResponse({"html": field.sanitize(pasted)})
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)

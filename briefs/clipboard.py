"""Pastes from Word, cleaned by the server before the editor takes them.

Word puts a list on the clipboard as paragraphs whose list level sits in a style, with
the bullet as text; the editor would keep them as paragraphs starting with "·". The
editor's page (``static/js/clean-paste.js``) sends such a paste here, and gets back the
same markup the field's sanitizer would store (``sanitizer.py``: the office clean-up,
then the allow-list), which the editor then pastes as usual.
"""

from django.http import HttpResponseNotAllowed, JsonResponse

from . import richtext
from .sanitizer import sanitizer_for

CLEANERS = {
    "body": sanitizer_for(richtext.BODY_EXTENSIONS),
    "notes": sanitizer_for(richtext.NOTES_EXTENSIONS),
}


def cleaned_paste(request):
    """``{"html": ...}``: the posted HTML as the field named by ``?field=`` would store it.

    Larger bodies than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` are refused (400) by Django itself.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    clean = CLEANERS.get(request.GET.get("field", "body"))
    if clean is None:
        return JsonResponse({"error": "Unknown field."}, status=400)
    return JsonResponse({"html": clean(request.body.decode("utf-8", errors="replace"))})

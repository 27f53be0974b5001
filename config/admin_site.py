"""The admin site: Django's, answering every malformed request with a 4xx, never a 500.

Left alone, Django's admin fails on some requests that only a mistyped or forged address
sends: a search of hundreds of words (SQLite gives up on the query, PostgreSQL crawls), a
NUL character or a broken regular expression in a query string (PostgreSQL refuses them),
list actions on ids that are not ids, numbers and dates beyond what the database holds, an
autocomplete request naming a reverse relation. This site refuses them with a 400 (or a
403, as Django refuses other unusable pickers), on every admin page. Its "View on site"
redirect answers only for a record the user may see in the admin, so it never reveals the
address of a draft they may not open.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignObjectRel
from django.http import Http404, HttpResponseBadRequest
from django.urls import path
from django.utils.text import smart_split

SEARCH_PARAMETERS = ["q", "term"]  # a change list's search box, a picker's search
MAX_SEARCH_WORDS = 20
MAX_SEARCH_CHARACTERS = 300
REGEX_LOOKUPS = ("__regex", "__iregex")


def query_problem(query):
    """Why an admin query string is refused, for the person who sent it; "" when it is fine."""
    for key, values in query.lists():
        if any("\x00" in text for text in (key, *values)):
            return "An address may not hold a NUL character."
        if key.endswith(REGEX_LOOKUPS):
            return "The lists offer no filtering by regular expression."
    for name in SEARCH_PARAMETERS:
        words = query.get(name, "")
        if len(words) > MAX_SEARCH_CHARACTERS or len(list(smart_split(words))) > MAX_SEARCH_WORDS:
            return (
                f"Search with at most {MAX_SEARCH_WORDS} words "
                f"and {MAX_SEARCH_CHARACTERS} characters."
            )
    return ""


def selection_problem(data, model_admin):
    """Why the rows ticked for a list action are refused: ids the model cannot have."""
    for value in data.getlist(ACTION_CHECKBOX_NAME):
        try:
            model_admin.opts.pk.clean(value, None)
        except ValidationError:
            return "Only rows of the list can be selected."
    return ""


def refused(problem):
    return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")


class PickerSearchView(AutocompleteJsonView):
    """The pickers' search, refusing a reverse relation as Django refuses a plain field."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if isinstance(source_field, ForeignObjectRel):  # no picker serves one; Django fails
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name


class EditorialAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        takes_actions = isinstance(model_admin, admin.ModelAdmin) and (
            view == model_admin.changelist_view  # where list actions are posted
        )

        def checked(request, *args, **kwargs):
            problem = query_problem(request.GET)
            if not problem and takes_actions:
                problem = selection_problem(request.POST, model_admin)
            if problem:
                return refused(problem)
            try:
                return view(request, *args, **kwargs)
            except OverflowError:  # a number or a date beyond what the database can hold
                return refused("A number or a date in this request is out of range.")

        return super().admin_view(update_wrapper(checked, view), cacheable)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"]
        on_site = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [on_site, *urls]

    def autocomplete_view(self, request):
        return PickerSearchView.as_view(admin_site=self)(request)

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "View on site" redirect, for a record the user may see in the admin."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model_admin = self._registry.get(content_type.model_class()) if content_type else None
        record = model_admin.get_object(request, unquote(object_id)) if model_admin else None
        if record is None or not model_admin.has_view_or_change_permission(request, record):
            raise Http404("Nothing of yours to show on the site.")
        return shortcut(request, content_type_id, object_id)

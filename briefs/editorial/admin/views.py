"""The brief admin's extra pages and their URLs: preview, share links, compare, clean paste,
the coverage page, the next free part of a series.

Each page loads the brief through the admin (so a brief the user may not see is "not
found") and then asks the permission its job needs: previewing needs the right to change
the brief, share links and comparing revisions are the editors'.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from briefs.content.figures import checked_id
from briefs.content.languages import language_choices
from briefs.editorial import clipboard, coverage, previews, revisions, series_parts, sharing
from briefs.editorial.admin.read_only_body import body_as_read
from briefs.models import Series


class BriefPagesMixin:
    """Preview, share links, compare revisions and clean paste, next to the brief's form."""

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<path:object_id>/preview/", view(self.preview_view), name="briefs_brief_preview"),
            path("<path:object_id>/share/", view(self.share_view), name="briefs_brief_share"),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="briefs_brief_compare",
            ),
            path("clean-paste/", view(self.clean_paste_view), name="briefs_brief_clean_paste"),
            path("coverage/", view(self.coverage_view), name="briefs_coverage"),
            path("next-part/", view(self.next_part_view), name="briefs_brief_next_part"),
            *super().get_urls(),
        ]

    def clean_paste_view(self, request):
        """A paste from Word, cleaned for the editor of anyone who may write briefs."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return clipboard.cleaned_paste(request)

    def next_part_view(self, request):
        """``{"series": id, "next_part": n}``: the part after the last of ``?series=`` in
        ``&language=`` (the brief's, or the default language), for the form's position
        field (``static/js/series-part.js``); ``&brief=`` leaves that brief's own place out."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        series_id = checked_id(request.GET.get("series", ""))
        brief_id = request.GET.get("brief", "")
        if series_id is None or (brief_id and checked_id(brief_id) is None):
            return HttpResponseBadRequest("series (and brief, if given) must be ids.")
        series = Series.objects.filter(pk=series_id).first()
        if series is None:
            raise Http404("No such series.")
        brief = self._brief_for(request, brief_id, lambda b: True) if brief_id else None
        language = request.GET.get("language") or None
        if language is not None and language not in dict(language_choices()):
            return HttpResponseBadRequest("language must be one of the site's languages.")
        next_part = series_parts.next_free_part(series, brief, language)
        return JsonResponse({"series": series.pk, "next_part": next_part})

    def coverage_view(self, request):
        """The editors' coverage page and its CSV downloads (``editorial.coverage``)."""
        return coverage.coverage_view(request, self.admin_site)

    def _brief_for(self, request, object_id, may):
        brief = self.get_object(request, object_id)
        if brief is None:
            raise Http404("No such brief.")
        if not may(brief):
            raise PermissionDenied
        return brief

    def preview_view(self, request, object_id):
        """The brief as readers will see it, for staff who may change it, whatever its status."""
        brief = self._brief_for(
            request, object_id, lambda b: self.has_change_permission(request, b)
        )
        return previews.render_preview(request, brief)

    def share_view(self, request, object_id):
        """Editors create and revoke share links of an unpublished brief."""
        brief = self._brief_for(request, object_id, lambda b: self.has_publish_permission(request))
        if request.method == "POST":
            self._change_share_links(request, brief)
            return redirect("admin:briefs_brief_share", brief.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "brief": brief,
            "original": brief,
            "title": _("Share links for “%(brief)s”") % {"brief": brief},
            "links": [
                (link, request.build_absolute_uri(sharing.url_for(link)), sharing.expires_at(link))
                for link in sharing.active_links(brief)
            ],
            "max_age_days": sharing.max_age_days(),
        }
        return previews.keep_private(
            TemplateResponse(request, "admin/briefs/brief/share_links.html", context)
        )

    def _change_share_links(self, request, brief):
        if "revoke" in request.POST:
            revoked = request.POST["revoke"]
            link = brief.share_links.filter(pk=revoked).first() if revoked.isdigit() else None
            if link:
                sharing.revoke(link)
                messages.success(request, _("The link is revoked: it no longer opens the brief."))
        elif brief.is_public:
            messages.error(request, _("This brief is public: share its public address instead."))
        else:
            sharing.create_link(brief, request.user)
            messages.success(request, _("A new share link is ready below."))

    def compare_view(self, request, object_id):
        """Field by field differences between two saved revisions of a brief."""
        brief = self._brief_for(request, object_id, lambda b: self.has_publish_permission(request))
        older, newer = revisions.pick_pair(brief, request.GET.get("from"), request.GET.get("to"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": brief,
            "title": _("Compare revisions of “%(brief)s”") % {"brief": brief},
            "older": older,
            "newer": newer,
            "changes": revisions.differences(older, newer) if older and newer else [],
            "bodies": self._bodies_as_read(request, older, newer),
        }
        return TemplateResponse(request, "admin/briefs/brief/compare.html", context)

    @staticmethod
    def _bodies_as_read(request, older, newer):
        """Both revisions' bodies as readers read them, when the body changed; else None."""
        if not (older and newer):
            return None
        before, after = (version.field_dict.get("body") or "" for version in (older, newer))
        if before == after:
            return None
        return [body_as_read(request.user, before), body_as_read(request.user, after)]

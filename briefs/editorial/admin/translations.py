"""Translations in the brief admin: the language column and filters, the translations panel
of the change form, "Translate into…", and deletes that keep each set linked.

The rules live in ``briefs.editorial.translations``; this module puts them on the admin's
pages. Starting a translation needs the right to add briefs and to see the source: a
contributor may translate any brief they can read, and the draft is theirs.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from briefs.content.languages import language_choices, language_name
from briefs.editorial import previews, translations, workflow
from briefs.editorial.admin.permissions import fields_without


@dataclass
class PanelRow:
    """One brief of a set, as the translations panel shows it."""

    brief: object
    language: str
    state: str
    url: str | None  # its change form, when the user may see it
    is_original: bool
    is_current: bool  # the brief whose form this is
    out_of_date: bool


class TranslationsFilter(admin.SimpleListFilter):
    """Translations whose original's words changed since, and originals no one translated."""

    title = gettext_lazy("translations")
    parameter_name = "translations"

    def lookups(self, request, model_admin):
        return [
            ("out-of-date", gettext_lazy("Out of date")),
            ("untranslated", gettext_lazy("Originals without translations")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "out-of-date":
            return translations.out_of_date(queryset)
        if self.value() == "untranslated":
            return translations.untranslated_originals(queryset)
        return queryset


class BriefTranslationsMixin:
    """The brief admin's side of translations."""

    def get_urls(self):
        translate = self.admin_site.admin_view(self.translate_view)
        return [
            path("<path:object_id>/translate/", translate, name="briefs_brief_translate"),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("title"), ordering="title")
    def title_in_language(self, brief):
        """The title, then the language's short code ("EN", "RU") with its name as the
        abbreviation's title: in the title's cell, since a column of its own pushed the
        Series column out of a 1280-pixel screen."""
        short = brief.language.split("-")[0].upper()
        return format_html(
            '<span lang="{}">{}</span> <abbr class="brief-language" title="{}">{}</abbr>',
            brief.language,
            brief.title,
            language_name(brief.language),
            short,
        )

    @admin.display(description=gettext_lazy("translation of"))
    def translation_of_link(self, brief):
        """The original a translation translates, linked to its form when the reader may
        see it."""
        original = brief.translation_of
        if original is None:
            return ""
        reader = getattr(brief, "admin_reader", None)
        if reader is None or not workflow.may_view(reader, original):
            return gettext("another brief, not yet published")
        url = reverse("admin:briefs_brief_change", args=[original.pk])
        return format_html(
            '<a href="{}">{}</a> ({})', url, original.title, language_name(original.language)
        )

    def get_fieldsets(self, request, obj=None):
        """ "Translation of" only on a translation's form."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.translation_of_id is not None:
            return fieldsets
        hidden = {"translation_of_link"}
        return [
            (name, {**options, "fields": fields_without(options["fields"], hidden)})
            for name, options in fieldsets
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            members = translations.members(obj)
            context = {
                **context,
                "translation_rows": self._panel_rows(request, obj, members),
                "translate_into": translations.missing_languages(members),
                "may_translate": self.has_add_permission(request),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _panel_rows(request, brief, members):
        original = next((member for member in members if member.translation_of_id is None), None)
        rows = []
        for member in members:
            visible = workflow.may_view(request.user, member)
            rows.append(
                PanelRow(
                    brief=member if visible else None,
                    language=language_name(member.language),
                    state=previews.state_label(member),
                    url=reverse("admin:briefs_brief_change", args=[member.pk]) if visible else None,
                    is_original=member is original,
                    is_current=member.pk == brief.pk,
                    out_of_date=original is not None
                    and translations.is_out_of_date(member, original),
                )
            )
        return rows

    def translate_view(self, request, object_id):
        """Start a draft translation of a brief into the language posted (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        source = self.get_object(request, object_id)
        if source is None:
            raise Http404("No such brief.")
        if not (self.has_add_permission(request) and self.has_view_permission(request, source)):
            raise PermissionDenied
        language = request.POST.get("language", "")
        if language not in dict(language_choices()):
            return HttpResponseBadRequest(gettext("Choose one of the site's languages."))
        brief, created = translations.start_translation(source, language, request.user)
        if created:
            self.log_addition(request, brief, [{"added": {}}])
            messages.success(
                request,
                gettext(
                    "Draft translation into %(language)s created from “%(source)s”; translate "
                    "the text and submit it as usual."
                )
                % {"language": language_name(language), "source": source},
            )
        elif workflow.may_view(request.user, brief):
            messages.info(
                request,
                gettext("“%(brief)s” is already its %(language)s version.")
                % {"brief": brief, "language": language_name(language)},
            )
        else:
            messages.warning(
                request,
                gettext("Another brief, not yet published, is already its %(language)s version.")
                % {"language": language_name(language)},
            )
            brief = source
        return redirect("admin:briefs_brief_change", brief.pk)

    def delete_model(self, request, obj):
        with transaction.atomic():
            translations.hand_over_originals(type(obj).objects.filter(pk=obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            translations.hand_over_originals(queryset)
            super().delete_queryset(request, queryset)

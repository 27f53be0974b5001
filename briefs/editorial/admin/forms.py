"""The forms of the brief admin: the brief form and the send-back note.

The brief form is checked against the workflow (may this user leave the brief in this
status, or press this button?) and against the version it was opened on (did someone save
in between?). Buttons and status choices are narrowed to what the user may do, but every
check runs again on the server whatever is posted.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from briefs.content import slugs
from briefs.content.languages import language_name
from briefs.content.titles import one_line
from briefs.editorial import locking, series_parts, translations, workflow, workflow_buttons
from briefs.editorial.admin import image_library
from briefs.editorial.admin.hero import HeroFormMixin
from briefs.models import Author, Brief, BriefAuthor, KeyPointsLabel

Status = Brief.Status
STATUS_HELP_CONTRIBUTOR = _(
    "Use “Submit for review” under the form when the brief is ready: the editors are told "
    "by e-mail. An editor publishes it."
)
STATUS_HELP_EDITOR = _(
    "The buttons under the form publish now, schedule, unpublish or send back. Here, "
    "“Published” with an empty publish time publishes now; with a future time it schedules "
    "the brief."
)
NOTE_HELP_CONTRIBUTOR = _("Kept in the brief's history with this save, for the editors to read.")
NOTE_REQUIRED = _("Write a note for the writers: it tells them what to change.")
SHIFT_LABEL = _("Insert here and shift the later parts")


class BylineWidget(AutocompleteSelectMultiple):
    """The admin's searchable multi-select of authors, drawn in byline order.

    Django draws the chosen options in the authors' own order; this draws them in the
    order of the value (the stored byline, or the order the editor picked them in), which
    is the order the browser posts back. ``static/js/byline.js`` moves each new pick to
    the end, so picking is ordering.
    """

    def optgroups(self, name, value, attr=None):
        order = {str(pk): index for index, pk in enumerate(value)}
        groups = super().optgroups(name, value, attr)
        for _group, options, _index in groups:
            options.sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups


class BylineField(forms.ModelMultipleChoiceField):
    """The authors of a brief, in the order given: a list, not a queryset."""

    def clean(self, value):
        chosen = {str(author.pk): author for author in super().clean(value)}
        return [chosen[str(pk)] for pk in dict.fromkeys(value or [])]

    def has_changed(self, initial, data):
        """A new order is a change (Django compares the chosen authors as a set)."""
        as_ids = [str(pk) for pk in self.prepare_value(initial or [])]
        return not self.disabled and as_ids != [str(pk) for pk in data or []]


class SendBackForm(forms.Form):
    """The note that briefs sent back from review carry to their writers."""

    send_back_note = forms.CharField(
        label=_("Note for the writers"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_("E-mailed to each brief's writers and kept in its history."),
        error_messages={"required": NOTE_REQUIRED},
    )


class BriefAdminForm(HeroFormMixin, forms.ModelForm):
    """The brief form, checked against the workflow and the version it was opened on.

    The admin builds the model form from this class and its fieldsets.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    byline = BylineField(
        Author.objects.all(),
        label=_("Authors"),
        widget=BylineWidget(Brief._meta.get_field("authors"), admin.site),
        help_text=_(
            "In byline order: type a name to find an author, then the next one. To "
            "change the order, remove an author and pick them again: they go to the end."
        ),
        error_messages={"required": _("Name at least one author.")},
    )
    shift_later_parts = forms.BooleanField(
        label=SHIFT_LABEL,
        required=False,
        help_text=_(
            "When the position above is taken: the brief takes it, and that part and "
            "the ones right after it move up by one."
        ),
    )
    workflow_note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Kept in the brief's history with this save. With “Send back to draft” "
            "it is required, and the writers receive it by e-mail."
        ),
    )
    user = None  # set per request by ``WorkflowAdminMixin.get_form``
    save_refused = None  # the ``SaveRefused`` that sent the form back, set the same way
    transition = None  # the checked move, once ``clean`` has made one

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = (
            Brief.objects.select_related("updated_by").get(pk=self.instance.pk)
            if self.instance.pk
            else Brief()
        )
        self.fields["base_version"].initial = self.stored.version
        if self.instance.pk:
            self.initial.setdefault(
                "byline", [credit.author_id for credit in self.instance.byline.all()]
            )
        if not workflow.is_editor(self.user):
            # Moving other briefs' parts is an editor's call.
            del self.fields["shift_later_parts"]
        self._suggest_next_part()
        self._point_widgets_at_their_suggestions()
        if "key_points_label" in self.fields:
            # A form sent without it (a script, a page opened before key points) keeps the
            # default label rather than failing on a field the writer never saw.
            self.fields["key_points_label"].required = False
        for name in ("kind", "language"):
            if name in self.fields:
                # The same for the type and the language: the brief's own, the default
                # for a new one.
                self.fields[name].required = False
        if not workflow.is_editor(self.user):
            self.fields["workflow_note"].help_text = NOTE_HELP_CONTRIBUTOR
        if "status" in self.fields:
            allowed = workflow.allowed_targets(self.user, self.stored)
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]
            self.fields["status"].help_text = (
                STATUS_HELP_EDITOR if workflow.is_editor(self.user) else STATUS_HELP_CONTRIBUTOR
            )

    def _point_widgets_at_their_suggestions(self):
        """The admin addresses the page asks as the editor types: themes in use, and the
        next free part of a series (``static/js/theme-chips.js``, ``series-part.js``); and
        a name for each input of the publish and take-down times."""
        if "themes" in self.fields:
            themes = Brief._meta.get_field("themes")
            self.fields["themes"].widget.attrs["data-suggest"] = (
                f"{reverse('admin:autocomplete')}?app_label=briefs&model_name=brief"
                f"&field_name={themes.name}"
            )
        # Django labels a date and time pair as a whole, with no ``for``: each input is named.
        for name, date_label, time_label in (
            ("publish_at", _("Publish date"), _("Publish time")),
            ("take_down_at", _("Take-down date"), _("Take-down time")),
        ):
            if name in self.fields:
                date, time = self.fields[name].widget.widgets
                date.attrs["aria-label"] = date_label
                time.attrs["aria-label"] = time_label
        if "series_position" in self.fields:
            attrs = self.fields["series_position"].widget.attrs
            attrs["data-next-part"] = reverse("admin:briefs_brief_next_part")
            if self.instance.pk:
                attrs["data-brief"] = self.instance.pk

    def _suggest_next_part(self):
        """A series picked without a position gets the part after the last one: shown if
        the form comes back, saved if it does not (the page suggests it as the editor picks
        the series; this does the same without JavaScript)."""
        if not self.is_bound or "series_position" not in self.fields:
            return
        series_id = self.data.get(self.add_prefix("series"), "")
        if self.data.get(self.add_prefix("series_position")) or not str(series_id).isdigit():
            return
        series = self.fields["series"].queryset.filter(pk=series_id).first()
        if series is not None:
            language = self.data.get(self.add_prefix("language")) or self.instance.language
            self.data = self.data.copy()
            self.data[self.add_prefix("series_position")] = series_parts.next_free_part(
                series, self.instance, language
            )

    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    def clean_key_points_label(self):
        return self.cleaned_data["key_points_label"] or KeyPointsLabel.KEY_POINTS

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.stored.kind

    def clean_language(self):
        return self.cleaned_data["language"] or self.stored.language

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = slugs.slug_taken_by_redirect(slug, self.instance.pk)
        if taken:
            raise forms.ValidationError(
                f"This address still redirects to “{taken.brief}”; choose another slug."
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if self.save_refused is not None:
            refused = self.save_refused
            self.add_error(refused.field if refused.field in self.fields else None, refused.message)
        elif self.instance.pk and cleaned.get("base_version") != self.stored.version:
            self._refuse_stale()
        else:
            self.transition = self._checked_move(cleaned)
            taken = not self.inserts_here() and self.series_position_taken()
            if taken:
                self.add_error("series_position", taken)
            language_taken = self.language_taken()
            if language_taken:
                self.add_error("language", language_taken)
            if "body" in self.fields:
                self._refuse_figures(cleaned.get("body"))
        self._carry_move(cleaned)
        return cleaned

    def _post_clean(self):
        """As Django's, then, when the save is refused, the brief's publication as stored:
        the form shows what was typed, and its state line (``publication_state``) must not
        say "Taken down" or "Scheduled" for times that were not saved."""
        super()._post_clean()
        if self.errors and self.instance.pk:
            for name in ("status", "publish_at", "take_down_at"):
                setattr(self.instance, name, getattr(self.stored, name))

    def _refuse_figures(self, body):
        """Figures may show only library images that exist and that this user sees."""
        refused = image_library.refused_figures(self.user, body)
        if refused:
            self.add_error(
                "body",
                forms.ValidationError(
                    _(
                        "Some figures show an image that is not in the image library, or not "
                        "one you may use (image ids: %(ids)s). Remove those figures, or insert "
                        "the image again from the library."
                    ),
                    code="figure_refused",
                    params={"ids": ", ".join(map(str, refused))},
                ),
            )

    def _checked_move(self, cleaned):
        """The move this save makes (the status field's, or a pressed button's), checked by
        the workflow against one reading of the clock; None, with the reason on the form,
        when it is refused."""
        now = timezone.now()
        target = cleaned.get("status", self.stored.status)
        publish_at = cleaned.get("publish_at", self.stored.publish_at)
        try:
            button = workflow_buttons.pressed(self.data, self.user, self.stored)
            if button is not None:
                target, publish_at = button.target, button.publish_at(publish_at, now)
                self._require_note_for(button, cleaned)
            return workflow.check(self.user, self.stored, target, publish_at, now)
        except workflow.TransitionRefused as refusal:
            self.add_error("status" if "status" in self.fields else None, str(refusal))
        except forms.ValidationError as error:
            field = "publish_at" if error.code == "schedule" else "workflow_note"
            self.add_error(field if field in self.fields else None, error)
        return None

    def _carry_move(self, cleaned):
        """Give the brief the checked move's status and publish time, so that the form, the
        transition and the saved row agree. Without a checked move the brief keeps its
        stored ones: nothing will be saved, and a half-made move would only add errors."""
        if self.transition is None:
            cleaned.pop("status", None)
            cleaned.pop("publish_at", None)
            return
        cleaned["status"] = self.transition.target
        if self.transition.target == Status.PUBLISHED:
            cleaned["publish_at"] = self.transition.publish_at

    def series_position_taken(self):
        """Why the chosen place in the series is not free, naming the brief that holds it
        (by title, linked to its form, if this user may see that brief), or None when it is
        free. Editors are offered to insert the brief there."""
        series, position = self.cleaned_data.get("series"), self.cleaned_data.get("series_position")
        if series is None or position is None:
            return None
        language = self.cleaned_data.get("language", self.stored.language)
        holder = self._other_brief(series=series, series_position=position, language=language)
        if holder is None:
            return None
        offer = (
            format_html(", or tick “{}”", SHIFT_LABEL) if "shift_later_parts" in self.fields else ""
        )
        return format_html(
            "Part {} of “{}” is already {}: choose another position{}.",
            position,
            series,
            self._linked_name_of(holder),
            offer,
        )

    def language_taken(self):
        """Why the chosen language is not free in the brief's set of translations (another
        brief of the set is in it), naming that brief, or None. A translation put in its
        original's language is refused by ``Brief.clean``."""
        language = self.cleaned_data.get("language")
        if self.stored.pk is None or language is None or language == self.stored.language:
            return None
        holder = next(
            (
                member
                for member in translations.members(self.stored)
                if member.language == language
                and member.pk not in (self.stored.pk, self.stored.translation_of_id)
            ),
            None,
        )
        if holder is None:
            return None
        return format_html(
            gettext(
                "{brief} is already the {language} version of this brief: choose another language."
            ),
            brief=self._linked_name_of(holder),
            language=language_name(language),
        )

    def inserts_here(self):
        """The editor asked to insert the brief at its position, moving the later parts."""
        return bool(self.cleaned_data.get("shift_later_parts"))

    def _get_validation_exclusions(self):
        """A place taken now is freed by the insert when the brief is saved: the unique
        constraint is not asked about it beforehand (the database still checks the save)."""
        exclusions = super()._get_validation_exclusions()
        if self.inserts_here():
            exclusions.add("series_position")
        return exclusions

    def save_byline(self, brief):
        """Credit the chosen authors in their order: a kept author keeps their row (only its
        position changes), a removed one loses it."""
        wanted = self.cleaned_data["byline"]
        brief.byline.exclude(author__in=wanted).delete()
        kept = {credit.author_id: credit for credit in brief.byline.all()}
        for position, author in enumerate(wanted, start=1):
            credit = kept.get(author.pk) or BriefAuthor(brief=brief, author=author)
            if credit.pk is None or credit.position != position:
                credit.position = position
                credit.save()

    def _save_m2m(self):
        super()._save_m2m()
        if "byline" in self.fields:
            self.save_byline(self.instance)

    def slug_taken(self):
        """Why the chosen address is not free, naming the brief that has it, or None."""
        slug = self.cleaned_data.get("slug")
        holder = slug and self._other_brief(slug=slug)
        if not holder:
            return None
        return f"The address “{slug}” is already {self._name_of(holder)}'s: choose another slug."

    def taken_meanwhile(self):
        """(message, field) for a unique value another save took after this form was
        validated (its constraint refused the write), or None."""
        for field, taken in (
            ("slug", self.slug_taken()),
            ("series_position", self.series_position_taken()),
            ("language", self.language_taken()),
        ):
            if taken:
                return taken, field
        return None

    def _other_brief(self, **unique_values):
        return Brief.objects.filter(**unique_values).exclude(pk=self.instance.pk).first()

    def _name_of(self, holder):
        """A brief's title if this user may see it, else no more than that it exists."""
        if workflow.may_view(self.user, holder):
            return f"“{holder.title}”"
        return "another brief, not yet published"

    def _linked_name_of(self, holder):
        """``_name_of``, linked to the brief's form when this user may see it."""
        if workflow.may_view(self.user, holder):
            address = reverse("admin:briefs_brief_change", args=[holder.pk])
            return format_html('“<a href="{}">{}</a>”', address, holder.title)
        return self._name_of(holder)

    @staticmethod
    def _require_note_for(button, cleaned):
        """Writers sent back to draft are told why: the note is what they receive."""
        if button.name == "send_back" and not cleaned.get("workflow_note", "").strip():
            raise forms.ValidationError(NOTE_REQUIRED, code="note")

    def _refuse_stale(self):
        """Name who saved; the next save, made knowingly, replaces their version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = self.stored.version
        self.add_error(
            None, forms.ValidationError(locking.stale_message(self.stored.pk), code="stale")
        )

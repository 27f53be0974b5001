"""The subscribe form that term pages and the home page carry, and the manage page's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from briefs.alerts import topics
from briefs.models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    topic = forms.CharField(max_length=40, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        choices=Subscription.Frequency.choices, initial=Subscription.Frequency.IMMEDIATE
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_topic(self):
        choice = topics.parse(self.cleaned_data["topic"])
        if choice is None:
            raise forms.ValidationError(_("There is no such topic to follow."))
        return choice


class ChangeForm(forms.Form):
    """One of the manage page's buttons: a new frequency for an alert, or stopping it."""

    subscription = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    action = forms.ChoiceField(choices=[("frequency", ""), ("stop", ""), ("stop-all", "")])
    frequency = forms.ChoiceField(choices=Subscription.Frequency.choices, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") in ("frequency", "stop") and not data.get("subscription"):
            raise forms.ValidationError(_("Choose an alert."))
        if data.get("action") == "frequency" and not data.get("frequency"):
            raise forms.ValidationError(_("Choose how often."))
        return data

"""``{% alert_form %}``: the subscribe form of a term's page (the page's ``term`` and its
view's taxonomy) or, without a term, of every brief. It holds nothing of one reader's, so
the page stays one that caches keep for everyone."""

from django import template

from briefs.alerts import topics
from briefs.models import Subscription

register = template.Library()


@register.inclusion_tag("includes/alert_form.html", takes_context=True)
def alert_form(context):
    term = context.get("term")
    view = context.get("view")
    taxonomy = getattr(view, "taxonomy", None)
    if term is None or taxonomy is None:
        topic, term = Subscription.Topic.ALL, None
    else:
        topic = taxonomy.name
    return {
        "topic": topics.form_value(topic, term),
        "label": topics.invitation(topic, term),
        "frequencies": Subscription.Frequency.choices,
        "default": Subscription.Frequency.IMMEDIATE,
    }

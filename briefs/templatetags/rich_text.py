"""``{{ brief|rich_text:"notes" }}``: a rich-text field, cleaned again on its way to readers;
``{{ brief|printed_body }}``: the body so cleaned, with its contents and numbered notes."""

from django import template

from briefs.content.printed_body import printed_body as body_for_print
from briefs.content.richtext import printable

register = template.Library()


@register.filter
def rich_text(instance, name):
    """The field ``name`` of ``instance`` as ``RichTextField.printable`` makes it."""
    return printable(instance, name)


@register.filter
def printed_body(brief):
    """The body of ``brief`` with anchored headings, numbered footnotes and its contents."""
    return body_for_print(brief)

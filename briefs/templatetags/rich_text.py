"""``{{ brief|rich_text:"body" }}``: a rich-text field, cleaned again on its way to readers."""

from django import template

from briefs.content.richtext import printable

register = template.Library()


@register.filter
def rich_text(instance, name):
    """The field ``name`` of ``instance`` as ``RichTextField.printable`` makes it."""
    return printable(instance, name)

"""``{% keep %}``: keep a piece of a page through the one caching API (``page_cache``).

    {% keep fragment %}...{% endkeep %}
        ``fragment`` is a ``page_cache.Fragment`` the view made; when it is empty (a
        preview has none) the piece is drawn every time.
    {% keep "aggregate" "home-aside" part part... %}...{% endkeep %}
        The kind of lifetime (``page_cache.LIFETIMES``; empty: draw every time), a name,
        and whatever the piece's HTML depends on besides the public content.

The key, the public generation and the lifetime are the API's business, never the
template's.
"""

from django import template

from briefs.caching.page_cache import Fragment

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, nodelist, arguments):
        self.nodelist, self.arguments = nodelist, arguments

    def render(self, context):
        values = [argument.resolve(context) for argument in self.arguments]
        if len(values) == 1:
            fragment = values[0]
        else:
            kind, name, *parts = values
            fragment = Fragment(name, *parts, kind=kind) if kind else None
        if not fragment:
            return self.nodelist.render(context)
        html = fragment.get()
        if html is None:
            html = self.nodelist.render(context)
            fragment.set(html)
        return html


@register.tag
def keep(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% keep %} takes a fragment, or a kind, a name and the parts it depends on."
        )
    arguments = [parser.compile_filter(bit) for bit in bits[1:]]
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, arguments)

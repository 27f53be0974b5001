"""Lists of public briefs: a term's page, the archive, a series' parts.

Paging without counting, the archive's filters and the counts beside them (facets), the
cards a list shows, and a brief's place in its series. Shared by the public pages and
search, which both import it; it imports neither (docs/architecture.md).
"""

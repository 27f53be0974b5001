"""The reader's site: the home page, brief pages, term indexes, feeds, sitemaps,
citations, structured data and social cards.

Every brief it shows comes through ``Brief.objects.published()``. Imports ``content``,
``listings``, ``caching`` and ``images``; never ``editorial`` or ``search``
(docs/architecture.md).
"""

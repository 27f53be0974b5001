"""The public record of corrections and updates: the /corrections/ page and its feeds.

Every note listed is a note of a public brief (``Correction.objects.public()``, which asks
``Brief.objects.published()``): a brief unpublished takes its notes off the page and the
feeds with it. Struck notes stay listed, struck through, with the reason. The page and
feeds are kept like every public page (``caching.page_cache.public_page``); a note added,
struck or hidden replaces the public generation (migration 0020), which retires them.
"""

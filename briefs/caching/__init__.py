"""The one caching API and the public page cache.

Every kept page, fragment and memo goes through ``caching.page_cache``, filed under the
public generation (``caching.generation``), which the database keeps. This room imports
no models: the generation's query is handed to it at start-up (docs/architecture.md).
"""

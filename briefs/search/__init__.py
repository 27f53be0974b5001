"""Finding public briefs by words: query parsing, the full-text index, the search page.

Ranks and filters through ``listings``; imports neither ``public`` nor ``editorial``
(docs/architecture.md).
"""

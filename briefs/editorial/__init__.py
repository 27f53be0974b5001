"""The editor's desk: workflow, locking, revisions, share links, previews,
notifications and the admin.

Imports ``content``, ``listings``, ``caching`` and ``images``; never ``public`` or
``search`` (docs/architecture.md).
"""

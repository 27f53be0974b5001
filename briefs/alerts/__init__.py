"""E-mail alerts: readers subscribe to every brief or to one term, confirm by a signed
link, and are mailed each new public brief (or a weekly digest) once, in the background.

Imports ``content``, ``listings``, ``caching`` and the models; never ``public``,
``editorial``, ``search`` or ``printing`` (docs/architecture.md, docs/alerts.md).
"""

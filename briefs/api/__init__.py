"""The read-only public API (``/api/v1/``): JSON views of what the public pages show.

Built on django-ninja (docs/api.md says why). Every brief it returns comes through
``Brief.objects.published()``; every term it lists has public briefs.
"""

"""What a brief is and how it is kept: the rules every other room builds on.

Querysets (the one visibility rule, ``Brief.objects.published()``), rich text and its
sanitizer, titles, themes, slugs and old addresses, absolute addresses, and the query
behind the public generation. The models themselves stay in ``briefs/models.py``; this
room imports nothing of the other rooms (docs/architecture.md).
"""

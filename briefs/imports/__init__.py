"""Bringing an archive in: WordPress and Squarespace exports (WXR files) become briefs.

``wxr`` reads an export as a stream, ``content`` cleans a post's HTML, ``terms`` decides
what each category and tag becomes, ``media`` finds the images, ``redirects`` keeps the old
addresses working, and ``importer`` puts it together, one post per transaction.
"""

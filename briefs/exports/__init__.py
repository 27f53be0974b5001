"""Taking the archive out: every brief, with its authors, terms, figures and footnotes, as a
WordPress export (WXR 1.2) and a folder of the original images, so that nothing written
here is locked in. See docs/exports.md.
"""

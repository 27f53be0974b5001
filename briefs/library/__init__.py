"""The image library's one rule for new files: every uploaded image is kept once.

``uploads.add_to_library`` is the only way an upload becomes a library image (the library
admin, the body editor's figure upload, the hero upload on the brief form): a file that is
already in the library gives back that image, and nothing new is stored.
"""

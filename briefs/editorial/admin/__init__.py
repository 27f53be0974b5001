"""The admin: the model admins and the brief's workflow pages, one job per module.

``model_admins`` registers the admins of briefs, authors, series and themes;
``mixin.WorkflowAdminMixin`` composes the brief's workflow pieces for its ``BriefAdmin``:

- ``forms``: the brief form, checked against the workflow and the version it was opened on;
- ``list_filters``: the change list's "owner" and "stage" filters;
- ``permissions``: who may view, change, publish and restore, and what a viewer sees;
- ``saving``: the save path (version claim, transition, history line, notification) and
  the form shown again, as typed, when a save is refused;
- ``actions``: the change list's bulk moves, all or nothing;
- ``history``: the revision history, restoring a revision and recovering a deleted brief;
- ``views``: the extra pages (preview, share links, compare revisions, clean paste) and
  their URLs;
- ``images``: image upload fields with their renditions and thumbnails;
- ``corrections``: the corrections and updates inline, fixed once the brief is public;
- ``scale``: the change list's pieces that stay fast at 100,000 briefs.
"""

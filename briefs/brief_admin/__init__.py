"""The brief's admin pages, one job per module.

``mixin.WorkflowAdminMixin`` composes them for ``briefs.admin.BriefAdmin``:

- ``forms``: the brief form, checked against the workflow and the version it was opened on;
- ``list_filters``: the change list's "owner" and "stage" filters;
- ``permissions``: who may view, change, publish and restore, and what a viewer sees;
- ``saving``: the save path (version claim, transition, history line, notification) and
  the form shown again, as typed, when a save is refused;
- ``actions``: the change list's bulk moves, all or nothing;
- ``history``: the revision history, restoring a revision and recovering a deleted brief;
- ``views``: the extra pages (preview, share links, compare revisions, clean paste) and
  their URLs.
"""

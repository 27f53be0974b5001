"""Workflow events for the moves made before they were recorded as rows.

Until migration 0020 a move was kept only as a line in the comment of the revision that
django-reversion saved with it (``workflow.HISTORY_LINES``): "Submitted for review",
"Sent back to draft", "Published", "Scheduled for <time>", "Rescheduled for <time>" or
"Unpublished (back to draft)", each optionally followed by ": <note>", alone or after the
admin's own change message and "; ". Each revision of a brief whose comment ends with such
a line becomes one event:

- who and when: the revision's user and time;
- from: the status of the brief's previous revision (the move's usual source when the
  brief has none); to: the status that revision stored, and its publish time;
- the note: what follows the line's ": " (a time, "09:00 CET", never contains ": ");
- "Sent back to draft" by someone who may not publish is a contributor's withdrawal.

Recovered events carry no version (``WorkflowEvent.version``), which tells them apart;
revisions whose comments say nothing of a move (plain saves, restores, demo content)
give none. Going back removes only the recovered events.
"""

import json
import re

from django.conf import settings
from django.db import migrations
from django.db.models import Q

LINE = re.compile(
    r"(?:\A|; )(?P<marker>Submitted for review|Sent back to draft|Unpublished \(back to draft\)"
    r"|Published|Scheduled for|Rescheduled for)(?P<rest>(?:: | ).*)?\Z",
    re.S,
)
ACTIONS = {
    "Submitted for review": ("submit", "draft"),
    "Sent back to draft": ("send_back", "review"),
    "Published": ("publish", "review"),
    "Scheduled for": ("schedule", "review"),
    "Rescheduled for": ("reschedule", "published"),
    "Unpublished (back to draft)": ("unpublish", "published"),
}
BATCH = 1000


def recognised(comment):
    """(action, usual source, note) of a revision comment naming a move, or None."""
    match = LINE.search(comment or "")
    if match is None:
        return None
    action, source = ACTIONS[match["marker"]]
    note = (match["rest"] or "").partition(": ")[2].strip()
    return action, source, note


def events_from_revisions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Brief = apps.get_model("briefs", "Brief")
    WorkflowEvent = apps.get_model("briefs", "WorkflowEvent")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    brief_type = ContentType.objects.filter(app_label="briefs", model="brief").first()
    if brief_type is None:
        return
    editors = set(
        User.objects.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="publish_brief")
            | Q(user_permissions__codename="publish_brief")
        ).values_list("pk", flat=True)
    )
    briefs = set(Brief.objects.values_list("pk", flat=True))
    versions = (
        Version.objects.filter(content_type=brief_type)
        .select_related("revision")
        .order_by("object_id", "revision__date_created", "revision_id")
    )
    batch, previous = [], {}
    for version in versions.iterator(chunk_size=BATCH):
        fields = json.loads(version.serialized_data)[0]["fields"]
        brief_id = int(version.object_id)
        before = previous.get(brief_id)
        previous[brief_id] = fields.get("status", "")
        move = recognised(version.revision.comment)
        if move is None or brief_id not in briefs:
            continue
        action, source, note = move
        user_id = version.revision.user_id
        if action == "send_back" and user_id not in editors:
            action = "withdraw"
        batch.append(
            WorkflowEvent(
                brief_id=brief_id,
                by_id=user_id,
                at=version.revision.date_created,
                action=action,
                from_status=before or source,
                to_status=fields.get("status", ""),
                publish_at=fields.get("publish_at") if action in PUBLISHING else None,
                note=note,
            )
        )
        if len(batch) >= BATCH:
            WorkflowEvent.objects.bulk_create(batch)
            batch = []
    WorkflowEvent.objects.bulk_create(batch)


PUBLISHING = {"publish", "schedule", "reschedule"}


def remove_recovered_events(apps, schema_editor):
    WorkflowEvent = apps.get_model("briefs", "WorkflowEvent")
    WorkflowEvent.objects.filter(version__isnull=True, correction__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0020_corrections_and_events"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(events_from_revisions, remove_recovered_events)]

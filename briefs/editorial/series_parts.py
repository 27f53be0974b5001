"""Places in a series: the next free part, and inserting a brief before the later parts.

A place in a series belongs to one brief per language (``unique_position_in_series``).
The brief form suggests the part after the last one (``next_free_part``); an editor who
wants a place that another brief holds may insert the brief there, and the later parts
move up by one up to the first free place (``shift_later_parts``), in the save's
transaction.
"""

from django.db.models import F, Max

from briefs.models import Brief, Series


def next_free_part(series, brief=None):
    """The part after the last one of ``series`` (1 for an empty series), ``brief`` aside."""
    parts = Brief.objects.filter(series=series)
    if brief is not None and brief.pk:
        parts = parts.exclude(pk=brief.pk)
    return (parts.aggregate(last=Max("series_position"))["last"] or 0) + 1


def shift_later_parts(series, position, brief):
    """Move the parts of ``series`` from ``position`` up to the first free place, ``brief``
    aside, up by one, so that ``brief`` can be saved at ``position``; how many moved. Runs
    inside the brief's save transaction.

    The series row is locked first, so two inserts into one series take turns (on
    PostgreSQL; SQLite lets one writer in at a time anyway) and the second sees the
    first's parts. The unique constraint is checked row by row, so the parts move from the
    last down, and ``brief``, if it was already in the series, leaves its old place first.
    Each moved brief's version goes up, so a form opened on its old place cannot put it
    back unawares.
    """
    Series.objects.select_for_update().filter(pk=series.pk).first()
    if brief.pk:
        Brief.objects.filter(pk=brief.pk, series=series).update(series=None, series_position=None)
    held = (
        Brief.objects.select_for_update()
        .filter(series=series, series_position__gte=position)
        .exclude(pk=brief.pk)
        .order_by("series_position")
        .values_list("pk", "series_position")
    )
    run = []
    for pk, held_position in held:
        if held_position != position + len(run):
            break  # a free place: the parts after it need not move
        run.append(pk)
    for pk in reversed(run):
        Brief.objects.filter(pk=pk).update(
            series_position=F("series_position") + 1, version=F("version") + 1
        )
    return len(run)

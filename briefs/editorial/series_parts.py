"""Places in a series: the next free part, and inserting a brief before the later parts.

A place in a series belongs to one brief per language (``unique_position_in_series``):
part 2 in English and part 2 in Russian are the same part, an original and its
translation. The brief form suggests the part after the last one in the brief's language
(``next_free_part``); an editor who wants a place that another brief of that language
holds may insert the brief there, and the later parts move up by one up to the first
free place (``shift_later_parts``), in the save's transaction.
"""

from django.db.models import F, Max

from briefs.content.languages import default_language
from briefs.models import Brief, Series


def next_free_part(series, brief=None, language=None):
    """The part after the last one of ``series`` in ``language`` (1 for a series with no
    part in it yet), ``brief`` aside; ``language`` defaults to ``brief``'s, or to the
    default language."""
    language = language or (brief.language if brief is not None else default_language())
    parts = Brief.objects.filter(series=series, language=language)
    if brief is not None and brief.pk:
        parts = parts.exclude(pk=brief.pk)
    return (parts.aggregate(last=Max("series_position"))["last"] or 0) + 1


def shift_later_parts(series, position, brief):
    """Make room for ``brief`` at ``position`` of ``series``, if another brief of its
    language holds it, by moving the later parts up by one; how many briefs moved. Runs
    inside the brief's save transaction.

    Parts move in every language together, so that a translation stays the same part as
    its original: the run that moves is every brief, whatever its language, from
    ``position`` up to the first place that no language holds. A place free in the
    brief's own language moves nothing (the brief simply takes it).

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
    later = (
        Brief.objects.select_for_update()
        .filter(series=series, series_position__gte=position)
        .exclude(pk=brief.pk)
        .order_by("series_position")
        .values_list("pk", "series_position", "language")
    )
    held = {}  # position -> the briefs holding it, in any language
    for pk, held_position, language in later:
        held.setdefault(held_position, []).append((pk, language))
    if brief.language not in {language for _pk, language in held.get(position, [])}:
        return 0
    run, place = [], position
    while place in held:  # up to the first place no language holds
        run += [pk for pk, _language in held[place]]
        place += 1
    for pk in reversed(run):
        Brief.objects.filter(pk=pk).update(
            series_position=F("series_position") + 1, version=F("version") + 1
        )
    return len(run)

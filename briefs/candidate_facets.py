"""Facet counts among a search's candidates, tallied in Python.

A search counts its facets among the at most ``SEARCH_CANDIDATES`` briefs it ranked, and
the candidate query has already read what they are filed under: their series and publish
years, and in ``facet_terms`` (kept by the database from the link tables, migration 0013)
the ids of their countries, themes and authors. What is left to read is the slugs and
names of the terms they name, in one query however many candidates; regions come with
their countries.
"""

import json
from collections import defaultdict

from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Cast

from briefs.lookups import AnyOf
from briefs.models import Author, Theme
from countries.models import Country

# The candidates' terms as the candidate query should read them: as JSON text, which
# ``tally`` decodes for all candidates at once (decoding each row's value was about as
# costly as the rest of the tally).
TERMS = Cast("facet_terms", TextField())
_NO_REGION = (Value(None, output_field=CharField()), Value(None, output_field=CharField()))
# key of ``facet_terms`` (the facet's param): (term model, the slug and name of the term's
# region, where terms have one)
_TERMS = {
    "country": (Country, (F("region__slug"), F("region__name"))),
    "theme": (Theme, _NO_REGION),
    "author": (Author, _NO_REGION),
}


def _names(ids):
    """``{(key, id): (slug, name, region slug, region name)}`` for the terms ``ids``
    (``{key: ids}``), in one query; none when there are no ids."""
    parts = [
        model.objects.filter(AnyOf(F("id"), sorted(ids[key])))
        .order_by()
        .values_list(Value(key), "id", "slug", "name", *region)
        for key, (model, region) in _TERMS.items()
        if ids.get(key)
    ]
    if not parts:
        return {}
    first, *others = parts
    rows = first.union(*others, all=True) if others else first
    return {(key, pk): names for key, pk, *names in rows}


def tally(params, candidates):
    """``{param: [(value, label, count), ...]}`` for the facets ``params`` (unordered).

    ``candidates`` are ``(id, series slug, series title, publish year, facet terms)`` rows,
    the terms read as ``TERMS``; a count is a number of distinct candidates (a brief about
    two countries of one region counts once there). A term deleted since the candidates
    were read is left out.
    """
    keys = {"country" if param == "region" else param for param in params} & _TERMS.keys()
    filed = json.loads(f"[{','.join(terms for *_, terms in candidates)}]")
    seen = defaultdict(set)
    for terms in filed:
        for key in keys:
            seen[key].update(terms[key])
    names = _names(seen)
    members = defaultdict(lambda: defaultdict(set))  # param -> (slug, label) -> brief ids
    for (pk, series_slug, series_title, year, _), terms in zip(candidates, filed, strict=True):
        for key in keys:
            for term in terms[key]:
                if (key, term) not in names:
                    continue
                slug, label, region_slug, region_label = names[key, term]
                members[key][slug, label].add(pk)
                if region_slug is not None:
                    members["region"][region_slug, region_label].add(pk)
        if series_slug is not None:
            members["series"][series_slug, series_title].add(pk)
        members["year"][str(year), ""].add(pk)
    return {
        param: [(value, label, len(ids)) for (value, label), ids in members[param].items()]
        for param in params
    }

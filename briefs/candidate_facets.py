"""Facet counts among a search's candidates, tallied in Python.

A search counts its facets among the at most ``SEARCH_CANDIDATES`` briefs it ranked, and
a facet whose own filter is chosen among the newest as many briefs of the other filters.
Both sets are read as rows of facts (``FACTS``): each brief's id, series, publish year and,
in ``facet_terms`` (kept by the database from the link tables, migration 0013), the ids of
its countries, themes and authors. No link table is read: what is left is the slugs and
names of the terms the rows name, in one query however many rows; regions come with their
countries.
"""

import json
from collections import defaultdict

from django.db import connection
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Cast, ExtractYear

from briefs.lookups import AnyOf
from briefs.models import Author, Theme
from countries.models import Country

# What a row of facts holds, from a queryset annotated by ``with_facts``.
FACTS = ("id", "series__slug", "series__title", "year", "terms")
_NO_REGION = (Value(None, output_field=CharField()), Value(None, output_field=CharField()))
# key of ``facet_terms`` (the facet's param): (term model, the slug and name of the term's
# region, where terms have one)
_TERMS = {
    "country": (Country, (F("region__slug"), F("region__name"))),
    "theme": (Theme, _NO_REGION),
    "author": (Author, _NO_REGION),
}


def with_facts(briefs):
    """``briefs`` with the annotations that ``FACTS`` names. The terms are read as JSON
    text, which ``tally`` decodes for a thousand rows at once: decoding each row's value
    through the JSON field cost about as much as the rest of the tally."""
    return briefs.annotate(year=ExtractYear("publish_at"), terms=Cast("facet_terms", TextField()))


def newest_facts(parts, limit):
    """``{param: rows}``: the facts of the newest ``limit`` briefs of each queryset of
    ``parts`` (``{param: briefs}``), in one query.

    Each part is its own ``ORDER BY ... LIMIT``, a subquery in ``FROM``: a ``UNION ALL``
    of them is what SQLite accepts, where Django's ``union()`` of sliced querysets is not.
    """
    statements, params = [], []
    for number, (param, briefs) in enumerate(parts.items()):
        newest = with_facts(briefs).order_by("-publish_at", "-id")
        sql, part_params = newest.values_list(Value(param), *FACTS)[:limit].query.sql_with_params()
        statements.append(f"SELECT * FROM ({sql}) AS newest{number}")
        params.extend(part_params)
    rows = defaultdict(list)
    if statements:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(statements), params)
            for param, *facts in cursor.fetchall():
                rows[param].append(facts)
    return rows


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


def tally(groups):
    """``{param: [(value, label, count), ...]}`` (options unordered) for each ``(params,
    rows)`` of ``groups``: the facets ``params`` counted among the ``rows`` of facts.

    A count is a number of distinct rows (a brief about two countries of one region counts
    once there). The terms of all the groups are named in one query; a term deleted since
    the rows were read is left out.
    """
    groups = [
        (params, rows, json.loads(f"[{','.join(terms for *_, terms in rows)}]"))
        for params, rows in groups
    ]
    seen = defaultdict(set)
    for params, _rows, filed in groups:
        for key in _keys(params):
            for terms in filed:
                seen[key].update(terms[key])
    names = _names(seen)
    counted = {}
    for params, rows, filed in groups:
        members = defaultdict(lambda: defaultdict(set))  # param -> (slug, label) -> brief ids
        keys = _keys(params)
        for (pk, series_slug, series_title, year, _), terms in zip(rows, filed, strict=True):
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
        for param in params:
            counted[param] = [
                (value, label, len(ids)) for (value, label), ids in members[param].items()
            ]
    return counted


def _keys(params):
    """The keys of ``facet_terms`` that counting the facets ``params`` reads."""
    return {"country" if param == "region" else param for param in params} & _TERMS.keys()

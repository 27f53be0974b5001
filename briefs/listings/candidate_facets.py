"""Facet counts among a search's candidates, tallied in Python.

A search counts its facets among the at most ``SEARCH_CANDIDATES`` briefs it ranked (a
facet whose own filter is chosen is counted in SQL, by ``filters.Facet.counts``). The
candidate query reads them as rows of facts (``FACTS``): each brief's id, series, type,
publish year and, in ``facet_terms`` (kept by the database from the link tables, migration 0017),
the ids of its countries, themes and authors. No link table is read: what is left is the
slugs and names of the terms the rows name, in one query however many rows; regions come
with their countries.
"""

import json
from collections import defaultdict

from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Cast, ExtractYear

from briefs.content.lookups import AnyOf
from briefs.models import Author, Theme
from countries.models import Country
from ops.term_names import name_in_sql

# What a row of facts holds, from a queryset annotated by ``with_facts``.
FACTS = ("id", "series__slug", "series_title", "kind__slug", "kind_title", "year", "terms")
_NO_REGION = (Value(None, output_field=CharField()), Value(None, output_field=CharField()))


def _terms():
    """{key of ``facet_terms`` (the facet's param): (term model, the term's name, the slug
    and name of its region, where terms have one)}, names in the active language."""
    return {
        "country": (
            Country,
            name_in_sql("name", "names"),
            (F("region__slug"), name_in_sql("region__name", "region__names")),
        ),
        "theme": (Theme, name_in_sql("name", "names"), _NO_REGION),
        "author": (Author, F("name"), _NO_REGION),
    }


def with_facts(briefs):
    """``briefs`` with the annotations that ``FACTS`` names. The terms are read as JSON
    text, which ``tally`` decodes for a thousand rows at once: decoding each row's value
    through the JSON field cost about as much as the rest of the tally."""
    return briefs.annotate(
        year=ExtractYear("publish_at"),
        terms=Cast("facet_terms", TextField()),
        series_title=name_in_sql("series__title", "series__titles"),
        kind_title=name_in_sql("kind__plural_name", "kind__plural_names"),
    )


def _names(ids):
    """``{(key, id): (slug, name, region slug, region name)}`` for the terms ``ids``
    (``{key: ids}``), in one query; none when there are no ids."""
    parts = [
        model.objects.filter(AnyOf(F("id"), sorted(ids[key])))
        .order_by()
        .values_list(Value(key), "id", "slug", label, *region)
        for key, (model, label, region) in _terms().items()
        if ids.get(key)
    ]
    if not parts:
        return {}
    first, *others = parts
    rows = first.union(*others, all=True) if others else first
    return {(key, pk): names for key, pk, *names in rows}


def tally(params, rows):
    """``{param: [(value, label, count), ...]}`` for the facets ``params`` (options
    unordered), counted among ``rows`` of facts.

    A count is a number of distinct rows (a brief about two countries of one region counts
    once there). A term deleted since the rows were read is left out.
    """
    keys = {"country" if param == "region" else param for param in params} & _terms().keys()
    filed = json.loads(f"[{','.join(terms for *_, terms in rows)}]")
    seen = defaultdict(set)
    for terms in filed:
        for key in keys:
            seen[key].update(terms[key])
    names = _names(seen)
    members = defaultdict(lambda: defaultdict(set))  # param -> (slug, label) -> brief ids
    for (pk, series_slug, series_title, kind_slug, kind_name, year, _), terms in zip(
        rows, filed, strict=True
    ):
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
        members["type"][kind_slug, kind_name].add(pk)
    return {
        param: [(value, label, len(ids)) for (value, label), ids in members[param].items()]
        for param in params
    }

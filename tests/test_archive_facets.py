"""The archive's facets, read from the kept counts, name only the terms they can show."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefs.listings import filters
from briefs.listings.filters import archive_counts
from tests.factories import AuthorFactory, BriefFactory

pytestmark = pytest.mark.django_db


def test_only_the_authors_that_can_be_shown_are_named(monkeypatch):
    """With room for two authors, the least credited of three is never looked up, and the
    two shown are the most credited, a tie ordered by name."""
    monkeypatch.setattr(filters, "FACET_OPTIONS", 2)
    most, tied, least = (AuthorFactory(name=name) for name in ("Ana", "Bo", "Cy"))
    for authors in ([most, tied], [most, least], [tied]):
        BriefFactory(authors=authors)
    with CaptureQueriesContext(connection) as queries:
        counted = archive_counts()
    authors = counted[[facet.param for facet in filters.FACETS].index("author")]
    assert [(option.label, option.count) for option in authors] == [("Ana", 2), ("Bo", 2)]
    naming = queries.captured_queries[-1]["sql"]
    named = re.search(r'"briefs_author"\."id" IN \(([^)]*)\)', naming).group(1)
    assert sorted(int(pk) for pk in named.split(", ")) == sorted([most.pk, tied.pk])

"""A term's list (country, region, theme, series, author) is as long as the kept counts say."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from countries.models import Country
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_term_pages_count_their_briefs_from_the_kept_counts(client):
    """Every term page shows its public briefs' number with no COUNT over its briefs."""
    author, series = AuthorFactory(), SeriesFactory()
    armenia = Country.objects.get(code="AM")
    BriefFactory(
        countries=[armenia], themes=["trade"], authors=[author], series=series, series_position=1
    )
    BriefFactory(countries=[armenia], themes=["trade"], authors=[author], status="draft")
    pages = [armenia, armenia.region, series, author, series.briefs.first().themes.get()]
    for term in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(term.get_absolute_url())
        assert response.context["paginator"].count == 1, term
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
        assert counts == [], term

"""Citing a brief: APA, Chicago and MLA text, and BibTeX and RIS files reference managers read."""

from datetime import UTC, date, datetime

import pytest
import rispy
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pybtex.richtext import Text

from briefs.editorial import workflow
from briefs.models import Brief
from briefs.public import citations
from briefs.public.citations import Citation, Name
from tests.factories import AuthorFactory, BriefFactory, SeriesFactory

URL = "https://briefs.example.org/briefs/hedging/"
PUBLISHER = "Caspian & Black Sea Policy Briefs"


def cite(
    *names,
    title="Hedging in the South Caucasus",
    series="",
    keywords=("neutrality", "energy security"),
):
    return Citation(
        title=title,
        authors=tuple(Name.parse(name) for name in names),
        published=date(2025, 3, 4),
        publisher=PUBLISHER,
        url=URL,
        brief_id=17,
        series=series,
        abstract="Three capitals, one war.",
        keywords=keywords,
    )


ONE = ("Nino Beridze",)
TWO = ("Nino Beridze", "Anar Məmmədov")
THREE = ("Nino Beridze", "Anar Məmmədov", "Jan van der Berg")
MANY = tuple(f"Given{n} Family{n}" for n in range(1, 23))
# An organisation, a Cyrillic name, an organisation with "and", a name with a suffix.
ODD = ("UNHCR", "Иван Петров", "Bill and Melinda Gates Foundation", "Gates, Bill, Jr.")


@pytest.mark.parametrize(
    ("full", "given", "family"),
    [
        ("Nino Beridze", "Nino", "Beridze"),
        ("Jan van der Berg", "Jan", "van der Berg"),
        ("Aoife Ní Bhriain", "Aoife", "Ní Bhriain"),
        ("Jean-Paul  Anne Sartre", "Jean-Paul Anne", "Sartre"),
        ("Berg, Jan van der", "Jan van der", "Berg"),
        ("UNHCR", "", "UNHCR"),
    ],
)
def test_names_split_into_given_and_family(full, given, family):
    """Particles stay with the family name; a single word is a name without a given part."""
    assert Name.parse(full) == Name(given, family)


def test_initials_keep_hyphens_and_accents():
    assert Name("Jean-Paul Élodie", "Sartre").initials == "J.-P. É."


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (ONE, "Beridze, N."),
        (TWO, "Beridze, N., &amp; Məmmədov, A."),
        (THREE, "Beridze, N., Məmmədov, A., &amp; van der Berg, J."),
        (
            MANY,
            ", ".join(f"Family{n}, G." for n in range(1, 20)) + ", . . . Family22, G.",
        ),
    ],
)
def test_apa(names, expected):
    """APA 7: initials, an ampersand before the last, 19 and the last beyond 20 authors."""
    assert citations.apa(cite(*names)) == (
        f"{expected} (2025, March 4). <i>Hedging in the South Caucasus</i> [Policy brief]. "
        f"Caspian &amp; Black Sea Policy Briefs. {URL}"
    )


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (ONE, "Beridze, Nino."),
        (TWO, "Beridze, Nino, and Anar Məmmədov."),
        (THREE, "Beridze, Nino, Anar Məmmədov, and Jan van der Berg."),
        (MANY, ", ".join(["Family1, Given1"] + [f"Given{n} Family{n}" for n in range(2, 8)])
         + ", et al."),
    ],
)  # fmt: skip
def test_chicago(names, expected):
    """Chicago 17: first author inverted, "and" before the last, seven and et al. beyond ten."""
    assert citations.chicago(cite(*names, series="Neutral ground")) == (
        f"{expected} <i>Hedging in the South Caucasus</i>. Policy brief. Neutral ground. "
        f"Caspian &amp; Black Sea Policy Briefs, March 4, 2025. {URL}."
    )


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (ONE, "Beridze, Nino."),
        (TWO, "Beridze, Nino, and Anar Məmmədov."),
        (THREE, "Beridze, Nino, et al."),
        (MANY, "Family1, Given1, et al."),
    ],
)
def test_mla(names, expected):
    """MLA 9: two authors in full, three or more as the first and et al.; no https://."""
    assert citations.mla(cite(*names)) == (
        f"{expected} <i>Hedging in the South Caucasus</i>. Caspian &amp; Black Sea Policy "
        "Briefs, 4 Mar. 2025, briefs.example.org/briefs/hedging/."
    )


def test_styles_escape_markup_and_do_not_double_full_stops():
    """A title with markup is shown as text; a question mark ends it without a full stop."""
    citation = cite(*ONE, title="<b>Neutral</b>, or not?")
    assert "<i>&lt;b&gt;Neutral&lt;/b&gt;, or not?</i> Policy brief." in citations.chicago(citation)
    assert "<i>&lt;b&gt;Neutral&lt;/b&gt;, or not?</i> Caspian" in citations.mla(citation)


def read_bibtex(text):
    """The key and the entry of the one entry pybtex's parser finds in ``text``."""
    [(key, entry)] = parse_string(text, "bibtex").entries.items()
    return key, entry


def read_person(person):
    """A person pybtex parsed, as a ``Name`` whose parts are read as text (braces off)."""

    def text(parts):
        return Text.from_latex(" ".join(parts)).render_as("text")

    return Name(
        text(person.first_names + person.middle_names),
        text(person.prelast_names + person.last_names),
    )


@pytest.mark.parametrize("names", [ONE, TWO, THREE, MANY, ODD])
def test_bibtex_reads_back_with_every_author_in_order(names):
    """A BibTeX parser finds a techreport with each author's family and given names, in order."""
    _, entry = read_bibtex(citations.bibtex(cite(*names)))
    assert entry.type == "techreport"
    assert [read_person(person) for person in entry.persons["author"]] == [
        Name.parse(name) for name in names
    ]
    assert entry.fields["institution"] == r"Caspian \& Black Sea Policy Briefs"
    assert entry.fields["year"] == "2025"
    assert entry.fields["url"] == URL


def test_bibtex_entry_and_key():
    """Key from family name, year, title word and id; capitals protected; non-ASCII kept."""
    text = citations.bibtex(cite(*TWO, series="Neutral ground"))
    assert text.startswith("@techreport{beridze2025hedging-17,\n")
    key, entry = read_bibtex(text)
    assert key == "beridze2025hedging-17"
    assert [str(person) for person in entry.persons["author"]] == [
        "Beridze, Nino",
        "Məmmədov, Anar",
    ]
    assert entry.fields["title"] == "{Hedging in the South Caucasus}"
    assert entry.fields["series"] == "Neutral ground"
    assert entry.fields["type"] == "Policy brief"
    assert entry.fields["date"] == "2025-03-04"
    # What the parser reads for the month macro ``mar``, so BibTeX styles print the same.
    assert entry.fields["month"] == "March"
    assert entry.fields["keywords"] == "neutrality, energy security"


@pytest.mark.parametrize(
    ("title", "escaped"),
    [
        (
            r"Costs: 50% of $GDP & #1_~^ {x} \end",
            r"Costs: 50\% of \$GDP \& \#1\_\textasciitilde{}\textasciicircum{} "
            r"\textbraceleft{}x\textbraceright{} \textbackslash{}end",
        ),
        ("An open { brace", r"An open \textbraceleft{} brace"),
        ("A closing } brace", r"A closing \textbraceright{} brace"),
        ("Ends in a backslash \\", r"Ends in a backslash \textbackslash{}"),
        ("100%", r"100\%"),
        ('A "quoted" word', 'A "quoted" word'),
        ("Ранние выборы в Грузии", "Ранние выборы в Грузии"),
    ],
)
def test_bibtex_escapes_special_characters(title, escaped):
    """TeX's special characters in a title cannot break the entry or run as commands: a
    parser reads the whole title back, a lone brace included, and Cyrillic stays as is."""
    _, entry = read_bibtex(citations.bibtex(cite(*ONE, title=title)))
    assert entry.fields["title"] == "{" + escaped + "}"


def test_bibtex_key_without_a_family_name():
    """An author typed as ", Jan" has no family name: the key starts with "brief" instead."""
    key, _ = read_bibtex(citations.bibtex(cite(", Jan")))
    assert key == "brief2025hedging-17"


def test_bibtex_keeps_an_author_with_and_or_a_comma_one_person():
    """An "and" inside a name would split it into two people; a second comma would move
    the given name into the "Jr." part. Braces keep each name one person."""
    text = citations.bibtex(cite("Bill and Melinda Gates Foundation", "Gates, Bill, Jr."))
    assert 'author = "Foundation, {Bill and Melinda Gates} and Gates, {Bill, Jr.}"' in text
    _, entry = read_bibtex(text)
    assert [person.last_names for person in entry.persons["author"]] == [
        ["Foundation"],
        ["Gates"],
    ]


@pytest.mark.parametrize("names", [ONE, TWO, THREE, MANY, ODD])
def test_ris_reads_back_as_a_report(names):
    """An RIS reader finds a report with every author as "Family, Given", in order."""
    text = citations.ris(cite(*names, series="Neutral ground"))
    assert text.startswith("TY  - RPRT\r\n")
    assert text.endswith("ER  - \r\n")
    [entry] = rispy.loads(text)
    assert entry["type_of_reference"] == "RPRT"
    assert entry["title"] == "Hedging in the South Caucasus"
    assert entry["authors"] == [Name.parse(name).inverted for name in names]
    assert entry["year"] == "2025"
    assert entry["date"] == "2025/03/04/"
    assert entry["publisher"] == PUBLISHER
    assert entry["tertiary_title"] == "Neutral ground"
    assert entry["type_of_work"] == "Policy brief"
    assert entry["keywords"] == ["neutrality", "energy security"]
    assert entry["urls"] == [URL]
    assert entry["language"] == "en"


@pytest.mark.parametrize(
    "title", [r"Costs: 50% of $GDP & #1_~^ {x} \end", "An open { brace", "Ранние выборы"]
)
def test_ris_keeps_a_title_as_written(title):
    """RIS has no escapes: an RIS reader gets the title back character for character."""
    [entry] = rispy.loads(citations.ris(cite(*ONE, title=title)))
    assert entry["title"] == title


# Few examples, always the same ones: a few seconds in every run, never a flaky one.
PROPERTY = settings(max_examples=150, derandomize=True, database=None, deadline=None)
# Names with something to cite: "," alone is no name.
NAMES = st.text().filter(lambda name: Name.parse(name).natural)


@PROPERTY
@given(title=st.text(), names=st.lists(NAMES, max_size=3), keywords=st.lists(st.text()))
def test_any_text_gives_files_both_readers_read_back(title, names, keywords):
    """Whatever an editor types, both files are written (no error, no 500) and read back
    whole: the title, each author one person, and nothing that starts a new RIS tag."""
    citation = cite(*names, title=title, series=title, keywords=tuple(keywords))
    one_line = " ".join(title.split())
    _, entry = read_bibtex(citations.bibtex(citation))
    assert entry.fields["title"] == "{" + citations.bibtex_escape(one_line) + "}"
    assert len(entry.persons.get("author", [])) == len(names)
    [record] = rispy.loads(citations.ris(citation))
    assert record.get("title", "") == one_line
    assert record.get("authors", []) == [Name.parse(name).inverted for name in names]


def test_ris_values_stay_on_one_line():
    """A line break in a title cannot start a new RIS tag."""
    text = citations.ris(cite(*ONE, title="Line one\nER  - injected"))
    assert "TI  - Line one ER - injected\r\n" in text
    assert text.count("\r\nER  - ") == 1


@pytest.mark.django_db
class TestDownloads:
    @pytest.fixture
    def brief(self, settings):
        settings.SITE_URL = "https://briefs.example.org"
        return BriefFactory(
            title="Hedging in the South Caucasus",
            slug="hedging",
            publish_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
            authors=[AuthorFactory(name="Nino Beridze"), AuthorFactory(name="Anar Məmmədov")],
            series=SeriesFactory(title="Neutral ground"),
            series_position=1,
            themes=["neutrality"],
        )

    @pytest.mark.parametrize(
        ("name", "content_type", "filename"),
        [
            ("briefs:brief-cite-bib", "application/x-bibtex", "hedging.bib"),
            ("briefs:brief-cite-ris", "application/x-research-info-systems", "hedging.ris"),
        ],
    )
    def test_download_is_a_named_file_of_the_right_type(
        self, client, brief, name, content_type, filename
    ):
        """The browser saves e.g. hedging.ris, which a reference manager opens."""
        response = client.get(reverse(name, args=["hedging"]))
        assert response.status_code == 200
        assert response["Content-Type"] == f"{content_type}; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        text = response.content.decode()
        assert "Məmmədov" in text
        assert "https://briefs.example.org/briefs/hedging/" in text

    @pytest.mark.parametrize("trait", ["draft", "in_review", "scheduled"])
    @pytest.mark.parametrize("name", ["briefs:brief-cite-bib", "briefs:brief-cite-ris"])
    def test_hidden_brief_has_no_citation(self, client, trait, name):
        """A draft, a brief in review or a scheduled brief cannot be cited: 404."""
        BriefFactory(slug="hidden", **{trait: True})
        assert client.get(reverse(name, args=["hidden"])).status_code == 404

    def test_bibtex_keys_stay_unique_and_stable(self, client, brief, editor):
        """Two briefs by one author in one year starting with the same word get different
        keys, which a BibTeX parser reads side by side; publishing the second does not
        change the first's key."""
        first_file = client.get(reverse("briefs:brief-cite-bib", args=["hedging"])).content
        second = BriefFactory(
            title="Hedging against sanctions",
            slug="hedging-again",
            authors=brief.ordered_authors,
            draft=True,
        )
        workflow.move(
            second, Brief.Status.PUBLISHED, by=editor, publish_at=datetime(2025, 11, 4, tzinfo=UTC)
        )
        files = [
            client.get(reverse("briefs:brief-cite-bib", args=[slug])).content
            for slug in ("hedging", "hedging-again")
        ]
        assert files[0] == first_file
        entries = parse_string(b"\n".join(files).decode(), "bibtex").entries
        assert len(entries) == 2
        assert {entry.fields["year"] for entry in entries.values()} == {"2025"}

    def test_unknown_brief_has_no_citation(self, client):
        assert client.get(reverse("briefs:brief-cite-ris", args=["nothing"])).status_code == 404

    def test_brief_page_shows_the_cite_block(self, client, brief):
        """Readers see the three styles and links to both files."""
        html = client.get(brief.get_absolute_url()).content.decode()
        assert "Cite this brief" in html
        assert "Beridze, N., &amp; Məmmədov, A. (2025, March 4)." in html
        assert "Beridze, Nino, and Anar Məmmədov. <i>Hedging" in html
        assert "4 Mar. 2025, briefs.example.org/briefs/hedging/." in html
        assert f'href="{reverse("briefs:brief-cite-bib", args=["hedging"])}" download' in html
        assert f'href="{reverse("briefs:brief-cite-ris", args=["hedging"])}" download' in html


def test_styles_without_an_author_start_with_the_title():
    """A brief with no credited author is cited by its title first."""
    citation = cite()
    title = "<i>Hedging in the South Caucasus</i>"
    assert citations.apa(citation).startswith(f"{title} [Policy brief]. (2025, March 4). ")
    assert citations.chicago(citation).startswith(f"{title}. Policy brief. ")
    assert citations.mla(citation).startswith(f"{title}. Caspian")
    assert "author" not in citations.bibtex(citation)
    assert "AU  -" not in citations.ris(citation)


def test_apa_closes_an_organisation_author_with_a_full_stop():
    assert citations.apa(cite("UNHCR")).startswith("UNHCR. (2025, March 4). <i>")

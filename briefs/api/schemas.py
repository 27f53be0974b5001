"""The shapes of the API's answers, as the OpenAPI schema publishes them."""

from datetime import datetime

from ninja import Field, Schema


class Error(Schema):
    status: int
    error: str = Field(description="What was wrong, in a sentence.")
    parameters: dict[str, str] = Field(
        default_factory=dict, description="Each bad query parameter and what was wrong with it."
    )


class Term(Schema):
    slug: str
    name: str
    url: str = Field(description="The term's public page.")


class Country(Term):
    code: str = Field(description="ISO 3166-1 alpha-2.")


class Author(Term):
    role: str


class SeriesRef(Schema):
    slug: str
    title: str
    url: str


class SeriesPart(SeriesRef):
    part: int | None = Field(description="This brief's place among the series' public briefs.")
    parts: int = Field(description="How many public briefs the series has.")


class ContentType(Schema):
    slug: str = Field(description="The value of the list's type filter.")
    name: str = Field(description="Brief, Commentary, Report…")


LANGUAGE = Field(description="The code of the language the brief is written in (en-gb, ru).")


class BriefSummary(Schema):
    slug: str
    title: str
    summary: str
    published_at: datetime
    language: str = LANGUAGE
    type: ContentType
    url: str = Field(description="The brief's public page (its canonical address).")
    api_url: str = Field(description="This brief in the API, with its body.")
    series: SeriesRef | None
    authors: list[Term] = Field(description="In byline order.")
    countries: list[Country]
    themes: list[Term] = Field(description="In the order the editor gave them.")


class BriefPage(Schema):
    results: list[BriefSummary]
    next: str | None = Field(
        description="The next page's address (same filters, a cursor), or null on the last."
    )


class Rendition(Schema):
    url: str
    width: int
    height: int | None


class Image(Schema):
    alt: str
    caption: str
    credit: str
    renditions: dict[str, list[Rendition]] = Field(
        description="Per format (webp, jpeg), the widths made, narrowest first."
    )


class Figure(Image):
    id: int


class Section(Schema):
    anchor: str
    title: str


class Footnote(Schema):
    number: int
    html: str


class Pdf(Schema):
    paper: str = Field(description="a4 or letter.")
    url: str
    pages: int
    bytes: int


class Translation(Schema):
    language: str
    original: bool = Field(description="Whether this is the original the others translate.")
    url: str = Field(description="Its public page.")
    api_url: str


class BriefDetail(Schema):
    slug: str
    title: str
    summary: str
    published_at: datetime
    language: str = LANGUAGE
    modified_at: datetime
    type: ContentType
    url: str = Field(description="The brief's public page (its canonical address).")
    api_url: str
    word_count: int
    reading_minutes: int
    key_points_label: str
    key_points: list[str]
    contents: list[Section] = Field(description="The body's sections, for a contents box.")
    body_html: str = Field(
        description="The body as readers get it: sanitized, headings anchored, footnotes "
        "as linked numbers, figures drawn as <picture> elements."
    )
    footnotes: list[Footnote] = Field(description="The notes the body's numbers link to.")
    sources_html: str = Field(description="Further reading listed under the notes.")
    hero_image: Image | None = Field(
        description="The image shown above the body, from the image library (its words "
        "are the library image's), or null."
    )
    figures: list[Figure] = Field(description="The body's figures, in order.")
    series: SeriesPart | None
    authors: list[Author]
    countries: list[Country]
    themes: list[Term]
    pdfs: list[Pdf]
    translations: list[Translation] = Field(
        description="The same analysis in other languages, public ones only: the original "
        "and its other translations."
    )


class Listed(Schema):
    slug: str
    name: str
    briefs: int = Field(description="How many public briefs are filed under it.")
    url: str = Field(description="Its public page.")
    briefs_api_url: str = Field(description="Its briefs in the API.")


class CountryListed(Listed):
    code: str
    region: str | None = Field(description="The slug of its region.")


class AuthorListed(Listed):
    role: str
    bio: str


class SeriesListed(Listed):
    description: str


class Terms(Schema):
    results: list[Listed]


class CountryTerms(Schema):
    results: list[CountryListed]


class AuthorTerms(Schema):
    results: list[AuthorListed]


class SeriesTerms(Schema):
    results: list[SeriesListed]

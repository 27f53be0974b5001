"""The API's addresses: the brief list (filtered, searched, by cursor), one brief, and the
taxonomies. Mounted at ``/api/v1/`` by ``config/urls.py`` through ``briefs.api.urls``.

Every answer is a public page to the caching layer (``page_cache.public_page``): the page
cache keeps it under the public generation, so the change that retires a page retires
the API's answers with it, and ``ConditionalGetMiddleware`` gives it an ETag and 304s.
Bad parameters answer 400 with an ``Error`` body, never a 500.
"""

import re

from django.http import HttpResponsePermanentRedirect, QueryDict
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from briefs.api import cursors, reads, schemas
from briefs.caching.page_cache import fingerprint, public_page, remember
from briefs.content.addresses import site_root
from briefs.content.languages import language_choices
from briefs.content.slug_rule import SLUG_REGEX
from briefs.content.slugs import redirect_target
from briefs.listings.filters import FACETS, Filters
from briefs.listings.languages import ALL
from briefs.listings.languages import PARAM as LANGUAGE
from briefs.models import Brief
from briefs.search.engine import QueryError, backend, parse

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SLUG = re.compile(SLUG_REGEX)

api = NinjaAPI(
    title="Policy briefs API",
    version="1",
    description="Read-only JSON for the public briefs and the terms they are filed under. "
    "Only public briefs appear; nothing needs a key.",
    urls_namespace="api-v1",
    # The schema and its docs page are served by briefs.api.urls, as cached public pages,
    # and the docs page is drawn on the server: no script or style from elsewhere.
    openapi_url=None,
    docs_url=None,
)


class BadParameters(Exception):
    """Query parameters the API will not run: {parameter: what was wrong}."""

    def __init__(self, parameters):
        super().__init__(parameters)
        self.parameters = parameters


def _error(request, status, message, parameters=None):
    body = {"status": status, "error": message, "parameters": parameters or {}}
    return api.create_response(request, body, status=status)


@api.exception_handler(BadParameters)
def bad_parameters(request, exc):
    return _error(request, 400, "Some parameters are not valid.", exc.parameters)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """Parameters of the wrong type or out of range: 400, not django-ninja's 422."""
    parameters = {}
    for error in exc.errors:
        name = str(error.get("loc", ["", "request"])[-1])
        parameters.setdefault(name, error.get("msg", "Not valid."))
    return _error(request, 400, "Some parameters are not valid.", parameters)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


class BriefListParameters(Schema):
    country: str | None = Field(None, max_length=250, description="A country's slug.")
    region: str | None = Field(None, max_length=250, description="A region's slug.")
    theme: str | None = Field(None, max_length=250, description="A theme's slug.")
    series: str | None = Field(None, max_length=250, description="A series' slug.")
    author: str | None = Field(None, max_length=250, description="An author's slug.")
    year: int | None = Field(None, ge=1000, le=2999, description="A publish year.")
    type: str | None = Field(
        None, max_length=250, description="A content type's slug (brief, commentary, report…)."
    )
    language: str | None = Field(
        None,
        max_length=15,
        description="A language's code (en-gb, ru): the briefs written in it. All languages "
        "when absent.",
    )
    q: str | None = Field(
        None,
        max_length=1000,
        description='Words to search for: "quoted phrases", or, -word (as the search page).',
    )
    cursor: str | None = Field(
        None, max_length=64, description="Where to start: the next address carries it."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Briefs per page.")


def kept(request, name, described, compute, kind="aggregate"):
    """``compute()``'s answer, kept for every reader of the same request (``described``) on
    the same site address until the public content changes (``page_cache.remember``): the
    page cache keeps whole answers, this keeps them for readers it does not serve (a
    session cookie, a query string in another order, the first reader on another worker).
    """
    return remember(f"api:{name}:{fingerprint([site_root(request), described])}", compute, kind)


def _filters(params):
    """The archive's ``Filters`` for the chosen terms; each value must name a term that
    public briefs are filed under, the same answer for a term that does not exist and one
    that only hidden briefs use."""
    chosen = QueryDict(mutable=True)
    if params.language is None:
        chosen[LANGUAGE] = ALL
    elif params.language in dict(language_choices()):
        chosen[LANGUAGE] = params.language
    else:
        codes = ", ".join(dict(language_choices()))
        raise BadParameters({LANGUAGE: f"Not one of the site's languages ({codes})."})
    for facet in FACETS:
        value = getattr(params, facet.param)
        if value is not None and str(value).strip():
            chosen[facet.param] = str(value).strip()
    filters = Filters(chosen)
    if filters.ignored:
        raise BadParameters(
            dict.fromkeys(filters.ignored, "No public brief is filed under this value.")
        )
    return filters


@api.get(
    "/briefs/",
    response={200: schemas.BriefPage, 400: schemas.Error},
    url_name="brief-list",
    summary="Public briefs, newest first",
)
@decorate_view(public_page)
def brief_list(request, params: Query[BriefListParameters]):
    """Narrowed by the archive's filters, which combine, and by search words (q), a page
    at a time. Follow next for the following page: its cursor keeps the list stable while
    new briefs are published."""
    filters = _filters(params)
    query = None
    if params.q is not None:
        try:
            query = parse(params.q)
        except QueryError as error:
            raise BadParameters({"q": str(error)}) from None
    after = None
    if params.cursor:
        try:
            after = cursors.after(*cursors.decode(params.cursor))
        except cursors.BadCursor as error:
            raise BadParameters({"cursor": str(error)}) from None

    def answer():
        briefs = Brief.objects.published()
        if query is not None:
            briefs = backend(filters.language.chosen).matching(briefs, query)
        briefs = filters.apply(briefs)
        if after is not None:
            briefs = briefs.filter(after)
        rows = briefs.order_by("-publish_at", "-id").values_list(*reads.SUMMARY_FIELDS)
        rows = list(rows[: params.limit + 1])
        page, more = rows[: params.limit], len(rows) > params.limit
        following = None
        if more:
            last = page[-1]
            following = reads.api_address(
                request,
                cursor=cursors.encode(last[4], last[0]),
                **params.model_dump(exclude={"cursor"}, exclude_defaults=True),
            )
        return {"results": reads.summaries(page, request), "next": following}

    kind = "aggregate" if query is None else "search"
    return kept(request, "briefs", params.model_dump(), answer, kind=kind)


@api.get(
    "/briefs/{slug}/",
    response={200: schemas.BriefDetail, 404: schemas.Error},
    url_name="brief-detail",
    summary="One public brief, with its body",
)
@decorate_view(public_page)
def brief_detail(request, slug: str):
    """The body as readers get it, its notes, figures, series part, terms and PDFs. A
    former slug of a public brief answers with a permanent redirect to the current one."""
    if not _SLUG.fullmatch(slug):
        raise HttpError(404, "No public brief has this address.")

    def answer():
        brief = reads.public_brief(slug)
        return brief and reads.detail(brief, request)

    found = kept(request, "brief", slug, answer)
    if found is None:
        renamed = redirect_target(slug)
        if renamed:
            return HttpResponsePermanentRedirect(
                reads.api_address(request, "brief-detail", renamed.slug)
            )
        raise HttpError(404, "No public brief has this address.")
    return found


def _term_list(kind, response, title):
    def term_list(request):
        return kept(request, kind, "", lambda: {"results": reads.terms(kind, request)})

    term_list.__name__ = f"{kind}_list"  # django-ninja's operation id
    term_list.__doc__ = "Each with its number of public briefs and its briefs' API address."
    operation = api.get(f"/{kind}/", response=response, url_name=f"{kind}-list", summary=title)
    return operation(decorate_view(public_page)(term_list))


countries = _term_list("countries", schemas.CountryTerms, "Countries with public briefs")
regions = _term_list("regions", schemas.Terms, "Regions with public briefs")
themes = _term_list("themes", schemas.Terms, "Themes of public briefs")
series = _term_list("series", schemas.SeriesTerms, "Series with public briefs")
authors = _term_list("authors", schemas.AuthorTerms, "Authors of public briefs")

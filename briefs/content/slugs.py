"""Old addresses of briefs: a renamed brief keeps its former URLs as permanent redirects."""

from functools import wraps

from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language

from briefs.content.slug_rule import slug_for
from briefs.models import Brief, BriefKind, OldSlug


def has_been_public(brief):
    """True when the stored brief is, or was, public at its address."""
    return brief.publish_at is not None and brief.publish_at <= timezone.now()


def remember_old_slug(stored, brief):
    """Record ``stored.slug`` as a former address when a brief that has been public is renamed.

    A slug that comes back into use as the brief's own address stops being a redirect.
    """
    OldSlug.objects.filter(slug=brief.slug, brief=brief).delete()
    if stored.slug != brief.slug and has_been_public(stored):
        OldSlug.objects.update_or_create(slug=stored.slug, defaults={"brief": brief})


def redirect_target(slug):
    """The public brief a former address now points to, or None."""
    return Brief.objects.published().select_related("kind").filter(old_slugs__slug=slug).first()


def known_prefix(prefix):
    """True when ``prefix`` is, or was, a content type's address prefix."""
    return BriefKind.objects.filter(Q(prefix=prefix) | Q(former_prefixes__prefix=prefix)).exists()


def moved_address(request, brief, prefix, slug):
    """A permanent redirect to ``brief``'s page when it was asked for at another of its
    addresses (``prefix``/``slug``: another type's prefix, a former prefix, a former
    slug, or another language's prefix than the brief's own), keeping the query string;
    None at its own address. A prefix that no type has or had is no address of it: 404."""
    if (brief.kind.prefix, brief.slug, brief.page_language) == (prefix, slug, get_language()):
        return None
    if not known_prefix(prefix):
        raise Http404("No such page.")
    url, query = brief.get_absolute_url(), request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def in_own_language(request, brief):
    """A permanent redirect to the same address (a card, a PDF, a citation file) under
    ``brief``'s own language when it was asked for under another's prefix, keeping the
    query string; None under its own. Like its page, each of a brief's files is at its
    language's addresses only."""
    if brief.page_language == get_language():
        return None
    match = request.resolver_match
    with translation.override(brief.page_language):
        url = reverse(match.view_name, kwargs=match.captured_kwargs)
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def slug_taken_by_redirect(slug, brief_id=None):
    """Another brief's former address: a new brief may not take it while it redirects."""
    others = OldSlug.objects.filter(slug=slug).exclude(brief_id=brief_id)
    return others.select_related("brief").first()


def free_brief_slug(wanted, brief_id=None):
    """``wanted`` (a slug), or the first of ``wanted-2``, ``wanted-3``... that no other
    brief has, as its address or as a former one that still redirects; cut to fit."""
    max_length = Brief._meta.get_field("slug").max_length
    number = 1
    slug = wanted if len(wanted) <= max_length else slug_for(wanted, "brief", 1, max_length)
    while (
        Brief.objects.filter(slug=slug).exclude(pk=brief_id).exists()
        or slug_taken_by_redirect(slug, brief_id) is not None
    ):
        number += 1
        slug = slug_for(wanted, "brief", number, max_length)
    return slug


def follows_old_slugs(view):
    """Wrap a view of an address under ``briefs/<slug>/`` so that a former slug of a public
    brief answers with a permanent redirect to the same address under its current slug (in
    the brief's language).

    A slug that is no one's former address, or whose brief is hidden, stays a 404.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            renamed = redirect_target(kwargs["slug"])
            if renamed is None:
                raise
            match = request.resolver_match
            with translation.override(renamed.page_language):
                kwargs = {**match.captured_kwargs, "slug": renamed.slug}
                url = reverse(match.view_name, kwargs=kwargs)
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    return wrapped

"""Every admin address, walked as a contributor and as an editor, by GET and by POST.

The addresses come from the admin site itself (every registered model admin's own
included), each filled with every fitting id: another person's draft, brief in review and
scheduled brief, another person's deleted draft and its revision, a public brief's
revision from before it was public, the contributor's own draft, a public brief, and
malformed ids. A contributor gets a 200 only for what they may see, never a 500, and no
response names what they may not see; nothing they post changes anything they may not
change. An editor never gets a 500.
"""

from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, reverse
from django.utils.regex_helper import normalize

from briefs.models import Brief, LibraryImage, ShareLink
from tests import admin_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "99999999999999999999"]


def admin_patterns():
    """(name, model or None, address format, parameter names) of every admin URL pattern."""
    root = reverse("admin:index")
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):  # one model admin's own addresses
            prefix = _format(pattern)[0]
            model = apps.get_model(*prefix.strip("/").split("/"))
            for leaf in pattern.url_patterns:
                address, params = _format(leaf)
                yield leaf.name, model, root + prefix + address, params
        else:
            address, params = _format(pattern)
            yield pattern.name, None, root + address, params


def _format(pattern):
    return normalize(pattern.pattern.regex.pattern)[0]


def addresses(world):
    """(address, may the contributor open it?) for every admin pattern and fitting ids."""
    for name, model, address, params in admin_patterns():
        for values, may_open in _fillings(world, name or "", model, params):
            yield address % dict(zip(params, values, strict=True)), may_open
        if name == "autocomplete":
            yield from _autocomplete_queries(address)
        if name == "briefs_libraryimage_choices":
            yield f"{address}?q=wombatine", True
            yield f"{address}?id={world.images['hidden'].pk}", True


def _fillings(world, name, model, params):
    if not params:
        return [((), True)]
    if name.endswith("_revision"):  # restoring is for editors only
        pairs = [(v.object_id, v.pk) for v in world.versions.values()]
        mismatched = (world.own_draft.pk, world.versions["other_draft"].pk)
        return [(pair, False) for pair in [*pairs, mismatched, ("abc", 1)]]
    if name.endswith("_recover"):
        return [((v.pk,), False) for v in world.versions.values()]
    if name == "view_on_site":
        brief_type = ContentType.objects.get_for_model(Brief).pk
        return [((brief_type, pk), may_open) for (pk,), may_open in _object_ids(world, Brief)] + [
            ((999999, 1), False)
        ]
    if name == "app_list":
        return [((label,), True) for label in {m._meta.app_label for m in admin.site._registry}]
    if params == ["url"]:  # the catch-all
        return [(("no/such/page/",), False)]
    return _object_ids(world, model)


def _object_ids(world, model):
    if model is Brief:
        visible = [((world.own_draft.pk,), True), ((world.public.pk,), True)]
        return visible + [((pk,), False) for pk in [*world.hidden_ids, *BAD_IDS]]
    if model is LibraryImage:
        images = world.images
        visible = [((images["own"].pk,), True), ((images["public"].pk,), True)]
        return visible + [((pk,), False) for pk in [images["hidden"].pk, *BAD_IDS]]
    first = model._default_manager.order_by("pk").first()
    return ([((first.pk,), True)] if first else []) + [((bad,), False) for bad in BAD_IDS]


def _autocomplete_queries(address):
    """Every relation to a model with an admin, searched with and without a term."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model in admin.site._registry:
                for term in ("", "q"):
                    query = {
                        "app_label": model._meta.app_label,
                        "model_name": model._meta.model_name,
                        "field_name": field.name,
                        "term": term,
                    }
                    yield f"{address}?{urlencode(query)}", True


def leaks(response):
    """The secret words found in a response's body or in the address it redirects to."""
    text = response.get("Location", "")
    if not response.streaming:
        text += response.content.decode(errors="replace")
    return [word for word in admin_world.SECRETS if word.lower() in text.lower()]


def everything(world):
    """What may not change when a contributor forges requests."""
    return (
        list(Brief.objects.order_by("pk").values()),
        list(ShareLink.objects.order_by("pk").values()),
        Brief.objects.filter(pk=world.deleted_id).exists(),
        list(LibraryImage.objects.exclude(uploaded_by=world.contributor).order_by("pk").values()),
    )


def forged_post(world):
    """One POST that tries every admin form at once: delete, act on, restore, share."""
    return {
        "post": "yes",
        "action": "submit_for_review",
        "_selected_action": [str(pk) for pk in world.hidden_ids],
        "index": "0",
        "title": "Forged",
        "slug": "forged",
        "status": "published",
        "create": "1",
        "revoke": str(ShareLink.objects.first().pk),
    }


def visit(client, user, method, address, data):
    """One request as ``user`` (logged in again after the walk posts to log out)."""
    client.raise_request_exception = False  # a 500 is counted, not raised
    if "_auth_user_id" not in client.session:
        client.force_login(user)
    if method == "get":
        return [client.get(address)]
    response = client.post(address, data)
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("admin:index")):
        return [response, client.get(location)]  # where the outcome's message shows
    return [response]


def test_contributor_sees_nothing_hidden_on_any_admin_address(client, contributor):
    """Hidden briefs answer no 200 and are named nowhere; no 500; no forgery changes a thing."""
    world = admin_world.build(contributor)
    before = everything(world)
    failures = []
    for address, may_open in addresses(world):
        for method in ("get", "post"):
            first, *rest = visit(client, contributor, method, address, forged_post(world))
            found = [word for response in (first, *rest) for word in leaks(response)]
            if first.status_code >= 500 or found or (first.status_code == 200 and not may_open):
                failures.append((method, address, first.status_code, found))
    assert not failures, "\n".join(map(str, failures))
    assert everything(world) == before


def test_the_walk_reaches_what_a_contributor_may_see(client, contributor):
    """The walk is not vacuous: a contributor opens their draft, a public brief and the lists."""
    world = admin_world.build(contributor)
    client.force_login(contributor)
    for address, may_open in addresses(world):
        if may_open and "/brief/" in address and address.endswith(("/change/", "/history/")):
            assert client.get(address).status_code == 200, address
    assert client.get(reverse("admin:briefs_brief_changelist")).status_code == 200


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_get_no_server_error_on_any_admin_address(client, contributor, role):
    """Every address, every id, GET and POST: an editor or an administrator gets no 500."""
    world = admin_world.build(contributor)
    if role == "editor":
        user = UserFactory(username="walking-editor", group="Editors")
    else:
        user = UserFactory(username="walking-admin", is_superuser=True)
    failures = []
    for address, _ in addresses(world):
        for method in ("get", "post"):
            first, *_ = visit(client, user, method, address, {})
            if first.status_code >= 500:
                failures.append((method, address, first.status_code))
    assert not failures, "\n".join(map(str, failures))

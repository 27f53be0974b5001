"""A newsroom in which a contributor must not see other people's unpublished briefs.

Every hidden text carries a made-up word found nowhere else on the site, so a test can
search whole responses for it: ``SECRETS`` lists them.
"""

from dataclasses import dataclass

import reversion
from django.utils import timezone
from reversion.models import Version

from briefs.models import Brief, ShareLink
from tests.factories import (
    AuthorFactory,
    BriefFactory,
    SeriesFactory,
    UserFactory,
    library_image,
)

# Titles, bodies and slugs of what the contributor may not see.
SECRETS = [
    "Quokkafish",  # another person's draft
    "Narwhalite",  # its body
    "Axolotlian",  # another person's brief in review
    "Pangolinia",  # another person's scheduled brief
    "Tapirology",  # another person's deleted draft
    "Okapism",  # a public brief's title while it was still a draft
    "Wombatine",  # a library image shown only in another person's draft
]


@dataclass
class World:
    contributor: object
    other: object
    own_draft: Brief
    public: Brief
    other_draft: Brief
    other_review: Brief
    other_scheduled: Brief
    deleted_id: int
    series: object
    versions: dict  # what each revision is of -> its Version
    images: dict  # library images: "own" upload, "public" (in a public brief), "hidden"

    @property
    def hidden(self):
        """The briefs the contributor may not see (the deleted one is gone)."""
        return [self.other_draft, self.other_review, self.other_scheduled]

    @property
    def hidden_ids(self):
        return {brief.pk for brief in self.hidden} | {self.deleted_id}

    @property
    def hidden_versions(self):
        return {self.versions[key].pk for key in ("other_draft", "deleted", "public_as_draft")}


def _saved_as_revision(brief, **changes):
    """Save ``brief`` (with ``changes``) as a revision, as an admin save would; its Version."""
    for name, value in changes.items():
        setattr(brief, name, value)
    with reversion.create_revision():
        brief.save()
    return Version.objects.get_for_object(brief).first()


def build(contributor):
    """Briefs of every kind, with revisions, around ``contributor`` (a Contributor)."""
    other = UserFactory(username="other-writer", group="Contributors")
    author = AuthorFactory(name="Shared Author")
    series = SeriesFactory(title="Shared series")
    own_draft = BriefFactory(draft=True, created_by=contributor, title="My own draft", slug="mine")
    images = {
        "own": library_image(uploaded_by=contributor, title="My own chart"),
        "public": library_image(uploaded_by=other, title="Public map"),
        "hidden": library_image(
            uploaded_by=other, title="Wombatine chart", alt="Wombatine exports by route"
        ),
    }
    public = BriefFactory(
        created_by=other, title="Okapism memo", slug="okapism", draft=True, authors=[author]
    )
    versions = {"public_as_draft": _saved_as_revision(public)}
    versions["public"] = _saved_as_revision(
        public,
        title="A public brief",
        slug="public-brief",
        status="published",
        publish_at=timezone.now(),
        body=f'<p>A map.</p><figure data-image="{images["public"].pk}"></figure>',
    )
    other_draft = BriefFactory(
        draft=True,
        created_by=other,
        title="Quokkafish plan",
        slug="quokkafish-plan",
        body=f'<p>Narwhalite figures.</p><figure data-image="{images["hidden"].pk}"></figure>',
        authors=[author],
        series=series,
        series_position=2,
        themes=["shared theme"],
    )
    BriefFactory(created_by=other, series=series, series_position=1, title="Part one in public")
    versions["other_draft"] = _saved_as_revision(other_draft)
    versions["own_draft"] = _saved_as_revision(own_draft)
    ShareLink.objects.create(brief=other_draft, created_by=other)
    deleted = BriefFactory(draft=True, created_by=other, title="Tapirology", slug="tapirology")
    versions["deleted"] = _saved_as_revision(deleted)
    deleted_id = deleted.pk
    deleted.delete()
    return World(
        contributor=contributor,
        other=other,
        own_draft=own_draft,
        public=public,
        other_draft=other_draft,
        other_review=BriefFactory(
            in_review=True, created_by=other, title="Axolotlian", slug="axolotlian"
        ),
        other_scheduled=BriefFactory(
            scheduled=True, created_by=other, title="Pangolinia", slug="pangolinia"
        ),
        deleted_id=deleted_id,
        series=series,
        versions=versions,
        images=images,
    )

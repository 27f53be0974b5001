"""factory_boy factories: a brief is public unless a test says otherwise."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from briefs import images
from briefs.models import Author, Brief, BriefAuthor, LibraryImage, Series
from countries.models import Country, Region
from tests import image_files


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Test region {n}")
    slug = factory.Sequence(lambda n: f"test-region-{n}")


class CountryFactory(factory.django.DjangoModelFactory):
    """A made-up country; the ISO countries are already loaded by a migration."""

    class Meta:
        model = Country

    name = factory.Sequence(lambda n: f"Testland {n}")
    slug = factory.Sequence(lambda n: f"testland-{n}")
    # Q? codes are for private use, except QA (Qatar, loaded by the migration); QW, QX and QZ
    # are left to tests that name their country's code.
    code = factory.Sequence(lambda n: "Q" + "BCDEFGHIJKLMNOPQRSTUVY"[n % 22])
    region = factory.SubFactory(RegionFactory)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Research Fellow"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    description = "A series of briefs."


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brief
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Brief number {n}")
    slug = factory.Sequence(lambda n: f"brief-{n}")
    dek = "A one-paragraph summary of the brief."
    body = "<h2>Context</h2><p>Some careful analysis of the question at hand.</p>"
    status = Brief.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    class Params:
        draft = factory.Trait(status=Brief.Status.DRAFT, publish_at=None)
        in_review = factory.Trait(status=Brief.Status.REVIEW, publish_at=None)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted or [AuthorFactory()], start=1):
            BriefAuthor.objects.create(brief=self, author=author, position=position)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted or [Country.objects.get(code="AZ")])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def library_image(uploaded_by=None, image=None, **fields):
    """A library image stored as an upload through the admin would be, renditions and all."""
    record = LibraryImage(
        title=fields.pop("title", "Gas exports by route"),
        alt=fields.pop("alt", "Bar chart: exports through the southern corridor doubled."),
        uploaded_by=uploaded_by,
        image=image or image_files.upload(image_files.jpeg(1000, 500)),
        **fields,
    )
    images.store_upload(record, "image", "renditions")
    record.save()
    return record


def with_hero(brief, data=None, name="photo.jpg", uploaded_by=None, **words):
    """``brief`` with a hero image: a new library image of ``data`` (a JPEG by default)."""
    words.setdefault("alt", "A street in Tbilisi")
    brief.hero = library_image(
        uploaded_by=uploaded_by,
        image=image_files.upload(data or image_files.jpeg(1000, 500), name=name),
        **words,
    )
    brief.save()
    return brief

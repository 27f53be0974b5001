"""Keeps each brief's weighted full-text vector current on PostgreSQL.

Each brief's vector is made with its language's text-search configuration
(``settings.SEARCH_CONFIGS``: "russian" stems «санкциями» as «санкц», "english" "sanctions"
as "sanction"; "simple" for a language PostgreSQL has none for), and a search parses its
words with the same configuration (``search_config``).

The vector holds the title (weight A); the summary and the names of the brief's
countries, series and themes (B); and the plain-text search document with body and
notes (C). It is computed by the database in one UPDATE, so reindexing the thousands of
briefs of a renamed country never loads them into Python.

The vector must follow every change of what it is made of: a saved brief, a brief's
countries or themes changing (``m2m_changed``, which the admin's ``save_related`` fires),
and a country, series or theme being renamed. ``connect()`` wires those events; on other
databases the column stays empty and nothing runs.
"""

from django.apps import apps as installed_apps
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.signals import m2m_changed, post_save, pre_save

# The configuration of a language PostgreSQL has none for: words as written, lower-cased.
FALLBACK_CONFIG = "simple"

RENAMEABLE_TERMS = {
    # model label: (field holding the name, lookup from Brief to the term)
    "countries.Country": ("name", "countries"),
    "briefs.Series": ("title", "series"),
    "briefs.Theme": ("name", "themes"),
}


def search_config(language):
    """The text-search configuration of briefs in ``language`` (a code)."""
    return settings.SEARCH_CONFIGS.get(language, FALLBACK_CONFIG)


def config_of_brief(prefix=""):
    """An expression: the configuration of the brief (reached by ``prefix``, e.g.
    "brief__") in its own language."""
    return Case(
        *(
            When(Q(**{f"{prefix}language": code}), then=Value(config))
            for code, config in settings.SEARCH_CONFIGS.items()
        ),
        default=Value(FALLBACK_CONFIG),
    )


def _joined_names(links, brief_field, name_path):
    """A subquery: the names reached through ``links`` for the outer brief, space-separated."""
    names = (
        links.objects.filter(**{brief_field: OuterRef("pk")})
        .order_by()
        .values(brief_field)
        .annotate(names=StringAgg(name_path, " "))
        .values("names")
    )
    return Subquery(names)


def vector_expression(apps=installed_apps):
    brief_model = apps.get_model("briefs", "Brief")
    theme_links = apps.get_model("briefs", "ThemedBrief")
    series_title = Subquery(
        apps.get_model("briefs", "Series").objects.filter(pk=OuterRef("series_id")).values("title")
    )
    if any(field.name == "language" for field in brief_model._meta.get_fields()):
        config = config_of_brief()
    else:  # a migration before briefs had a language (0029): all were in the default one
        config = search_config(settings.LANGUAGE_CODE)
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector(
            "dek",
            _joined_names(brief_model.countries.through, "brief_id", "country__name"),
            series_title,
            _joined_names(theme_links, "content_object_id", "tag__name"),
            weight="B",
            config=config,
        )
        + SearchVector("search_document", weight="C", config=config)
    )


def update_vectors(briefs, apps=installed_apps):
    """Recompute the vectors of the briefs in the queryset ``briefs``, in one UPDATE."""
    if connections[briefs.db].vendor != "postgresql":
        return
    briefs.update(search_vector=vector_expression(apps))


def _brief_model():
    return installed_apps.get_model("briefs", "Brief")


def _brief_saved(sender, instance, **kwargs):
    update_vectors(_brief_model().objects.filter(pk=instance.pk))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        update_vectors(_brief_model().objects.filter(pk=instance.pk))
    elif pk_set:
        update_vectors(_brief_model().objects.filter(pk__in=pk_set))


def _remember_old_name(sender, instance, raw, **kwargs):
    name_field, _ = RENAMEABLE_TERMS[sender._meta.label]
    instance._search_old_name = (
        None
        if raw or instance.pk is None
        else sender.objects.filter(pk=instance.pk).values_list(name_field, flat=True).first()
    )


def _term_saved(sender, instance, created, raw, **kwargs):
    name_field, lookup = RENAMEABLE_TERMS[sender._meta.label]
    old_name = getattr(instance, "_search_old_name", None)
    if created or raw or old_name is None or old_name == getattr(instance, name_field):
        return
    update_vectors(_brief_model().objects.filter(**{lookup: instance}))


def connect():
    """Wire the events that change a brief's vector; called once from the app config."""
    brief_model = _brief_model()
    post_save.connect(_brief_saved, sender=brief_model, dispatch_uid="search-brief-saved")
    for through in (brief_model.countries.through, installed_apps.get_model("briefs.ThemedBrief")):
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"search-links-{through._meta.label}"
        )
    for label in RENAMEABLE_TERMS:
        model = installed_apps.get_model(label)
        pre_save.connect(_remember_old_name, sender=model, dispatch_uid=f"search-old-{label}")
        post_save.connect(_term_saved, sender=model, dispatch_uid=f"search-renamed-{label}")

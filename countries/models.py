"""The geographic taxonomy: regions and the ISO 3166-1 countries in them.

This app knows nothing of briefs; briefs point at countries, and the public pages that
list a country's or a region's briefs belong to the briefs app.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ops.term_names import name_in, names_field


class Region(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("Forms the region's web address: /regions/…/."),
    )
    names = names_field("name")
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Optional introduction shown at the top of the region's page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.local_name

    @property
    def local_name(self):
        """The name in the active language (the default language's when it has none)."""
        return name_in(self.name, self.names)


class Country(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    names = names_field("name")
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("Forms the country's web address: /countries/…/."),
    )
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code, e.g. AZ for Azerbaijan."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="countries",
        verbose_name=_("region"),
        help_text=_("Readers browse countries grouped by region."),
    )
    profile = models.TextField(
        _("profile"),
        blank=True,
        help_text=_("A short profile shown at the top of the country's page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_is_two_capitals",
            ),
        ]
        indexes = [models.Index(Lower("name"), name="country_name_lower")]

    def __str__(self):
        return self.local_name

    @property
    def local_name(self):
        """The name in the active language: the ISO translation (``countries.names``) or
        the editor's, else the default language's."""
        return name_in(self.name, self.names)

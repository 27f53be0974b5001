"""What each category and tag of an export becomes: a country, a theme, or nothing.

A term that names a country (the site's own country names, the ISO 3166 names pycountry
knows, official and common ones, and ``ALTERNATIVES``) becomes that country; any other
becomes a theme of the same name. WordPress's default category, “Uncategorized”, becomes
nothing. A mapping file (TOML, ``Mapping``) overrides any of it. Series are never guessed.
"""

import tomllib
import unicodedata
from dataclasses import dataclass, field

import pycountry

from countries.models import Country

# Names in common use that neither the site nor ISO 3166 spells so. Keys are compared
# with accents, case and punctuation ignored (``folded``).
ALTERNATIVES = {
    "turkey": "TR",
    "turkiye": "TR",
    "russia": "RU",
    "russian federation": "RU",
    "moldova": "MD",
    "republic of moldova": "MD",
    "iran": "IR",
    "syria": "SY",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "vietnam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "czech republic": "CZ",
    "czechia": "CZ",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "usa": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "macedonia": "MK",
    "north macedonia": "MK",
    "fyrom": "MK",
    "ivory coast": "CI",
    "cote divoire": "CI",
    "cape verde": "CV",
    "swaziland": "SZ",
    "burma": "MM",
    "palestine": "PS",
    "taiwan": "TW",
    "brunei": "BN",
    "vatican": "VA",
    "holland": "NL",
    "belarus": "BY",
    "byelorussia": "BY",
    "kirghizia": "KG",
    "kyrgyzstan": "KG",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD",
    "congo kinshasa": "CD",
    "congo brazzaville": "CG",
    "republic of the congo": "CG",
    "east timor": "TL",
    "the gambia": "GM",
    "the bahamas": "BS",
    "the netherlands": "NL",
    "uae": "AE",
}
UNCATEGORIZED = {"uncategorized", "uncategorised"}


class MappingError(Exception):
    """The mapping file cannot be used; the message says why, on one line."""


def folded(name):
    """``name`` compared loosely: no accents, no case, punctuation as spaces."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in plain if not unicodedata.combining(char)).casefold()
    plain = "".join(char if char.isalnum() else " " for char in plain.replace("'", ""))
    return " ".join(plain.split())


def country_codes():
    """Every loose name of a country -> its ISO alpha-2 code."""
    codes = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                codes.setdefault(folded(value), country.alpha_2)
    codes.update(ALTERNATIVES)
    for code, name in Country.objects.values_list("code", "name"):
        codes[folded(name)] = code
    return codes


@dataclass(frozen=True)
class Decision:
    """What one term becomes: ``kind`` "country" (``value`` a code), "theme" (``value``
    its name) or "skip"; ``why`` for the report."""

    kind: str
    value: str = ""
    why: str = ""

    def describe(self):
        if self.kind == "skip":
            return f"nothing ({self.why})"
        return f"{self.kind} {self.value}" + (f" ({self.why})" if self.why else "")


@dataclass
class Mapping:
    """The mapping file's choices.

    ``[terms]`` maps a category or tag (its name or slug) to ``"country:XX"`` (an ISO code
    or a country's name), ``"theme:Name"`` or ``"skip"``; ``[authors]`` maps an export's
    login or display name to the name of an author here. ``source`` names where the
    choices come from, in the report.
    """

    terms: dict = field(default_factory=dict)
    authors: dict = field(default_factory=dict)
    source: str = "mapping file"

    @classmethod
    def load(cls, path):
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as error:
            raise MappingError(f"cannot open the mapping file {path}: {error.strerror}") from None
        except tomllib.TOMLDecodeError as error:
            raise MappingError(f"the mapping file {path} is not valid TOML: {error}") from None
        unknown = set(data) - {"terms", "authors"}
        if unknown:
            raise MappingError(
                f"the mapping file has unknown sections {sorted(unknown)}; "
                "use [terms] and [authors]"
            )
        terms, authors = data.get("terms", {}), data.get("authors", {})
        for section, table in (("terms", terms), ("authors", authors)):
            if not isinstance(table, dict) or not all(
                isinstance(value, str) for value in table.values()
            ):
                raise MappingError(f"every value under [{section}] must be a quoted text")
        for name, target in terms.items():
            if target != "skip" and not target.startswith(("country:", "theme:")):
                raise MappingError(
                    f'[terms] "{name}" = "{target}": write "country:XX", "theme:Name" or "skip"'
                )
        return cls(
            terms={folded(name): target for name, target in terms.items()},
            authors={folded(name): target.strip() for name, target in authors.items()},
        )


class TermDecider:
    """Decides each term once (``decide``), the mapping file first."""

    def __init__(self, mapping=None):
        self.mapping = mapping or Mapping()
        self.codes = country_codes()
        self.known_codes = set(Country.objects.values_list("code", flat=True))
        # Checked before the first post, so a typo stops the import before it starts.
        self.mapped = {key: self._mapped(key, target) for key, target in self.mapping.terms.items()}

    def mapped_decision(self, term):
        """What the mapping file makes of ``term``, or None when it does not name it."""
        for key in (folded(term.name), folded(term.slug)):
            if key in self.mapped:
                decision = self.mapped[key]
                if decision.kind == "theme" and not decision.value:  # "theme:" keeps the name
                    return Decision("theme", term.name, decision.why)
                return decision
        return None

    def decide(self, term):
        mapped = self.mapped_decision(term)
        if mapped is not None:
            return mapped
        code = self.codes.get(folded(term.name)) or self.codes.get(folded(term.slug))
        if code and code in self.known_codes:
            return Decision("country", code)
        if folded(term.name) in UNCATEGORIZED:
            return Decision("skip", why="WordPress's default category")
        return Decision("theme", " ".join(term.name.split()))

    def _mapped(self, name, target):
        source = self.mapping.source
        if target == "skip":
            return Decision("skip", why=source)
        kind, _, value = target.partition(":")
        value = " ".join(value.split())
        if kind == "theme":
            return Decision("theme", value, source)
        code = value.upper() if len(value) == 2 else self.codes.get(folded(value))
        if code not in self.known_codes:
            raise MappingError(f'[terms] "{name}" = "{target}": no such country here')
        return Decision("country", code, source)

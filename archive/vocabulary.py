"""The controlled vocabularies of the archive, each one place, translatable."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.conf.locale import LANG_INFO
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_CONSENT = "awaiting_consent", _("Awaiting consent")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Setting(models.TextChoices):
    WORKPLACE = "workplace", _("Workplace")
    EDUCATION = "education", _("School or university")
    HOME = "home", _("Home or family")
    PUBLIC_SPACE = "public_space", _("Public space")
    ONLINE = "online", _("Online")
    HEALTHCARE = "healthcare", _("Healthcare")
    RELIGIOUS = "religious", _("Religious institution")
    SPORT = "sport", _("Sport")
    MILITARY = "military", _("Military")
    OTHER = "other", _("Somewhere else")


class ContentNote(models.TextChoices):
    HARASSMENT = "harassment", _("Sexual harassment")
    ASSAULT = "assault", _("Sexual assault")
    RAPE = "rape", _("Rape")
    CHILD_ABUSE = "child_abuse", _("Abuse of a child")
    DOMESTIC_ABUSE = "domestic_abuse", _("Domestic abuse")
    STALKING = "stalking", _("Stalking")
    ONLINE_ABUSE = "online_abuse", _("Online abuse")
    VIOLENCE = "violence", _("Physical violence")
    SELF_HARM = "self_harm", _("Self-harm or suicide")
    INSTITUTIONAL = "institutional", _("Institutional betrayal")


class DisplayName(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous")
    PSEUDONYM = "pseudonym", _("A name I choose")
    FIRST_NAME = "first_name", _("My first name only")


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    IMPORT = "import", _("Import")


class ConsentMethod(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    IMPORT = "import", _("Import")


class RedactionKind(models.TextChoices):
    NAME = "name", _("name")
    ORGANISATION = "organisation", _("organisation")
    PLACE = "place", _("place")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    HANDLE = "handle", _("handle")
    URL = "url", _("link")
    ID_NUMBER = "id_number", _("number")
    DATE = "date", _("date")
    CUSTOM = "custom", _("removed")


class RedactionSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Found automatically")
    CONTRIBUTOR = "contributor", _("Added by the contributor")
    MODERATOR = "moderator", _("Added by a moderator")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not decided")
    ACCEPTED = "accepted", _("Hidden")
    REJECTED = "rejected", _("Kept")


class ReportReason(models.TextChoices):
    IDENTIFIES = "identifies", _("It identifies someone")
    NOT_AN_ACCOUNT = "not_an_account", _("It is not an account")
    HARMFUL = "harmful", _("It is harmful")
    OTHER = "other", _("Something else")


# The years an account may be about, and a post's date may fall in: the database refuses
# anything else (a check constraint), and every form, filter and importer uses these.
YEAR_MIN = 1900
YEAR_MAX = 2100


def plausible_year(year: int | None) -> int | None:
    """`year` when it lies within YEAR_MIN..YEAR_MAX, else None."""
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None


# Languages a contributor may pick; anything else is detected or left blank.
STORY_LANGUAGES = (
    "en",
    "fr",
    "es",
    "de",
    "it",
    "pt",
    "nl",
    "sv",
    "pl",
    "ru",
    "tr",
    "ar",
    "hi",
    "ja",
    "ko",
    "zh-hans",
)


@cache
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    names = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
    pairs = [
        (c.alpha_2, names.gettext(getattr(c, "common_name", None) or c.name))
        for c in pycountry.countries
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 codes with names in the current language, sorted by name."""
    return list(_country_names(translation.get_language() or "en"))


@cache
def _country_name_of(language: str) -> dict[str, str]:
    return dict(_country_names(language))


def country_name(code: str) -> str:
    """The country's name in the current language ("GB" -> "United Kingdom", "Royaume-Uni")."""
    # The lookup is built once per language: a page of cards asks for it twenty times.
    names = _country_name_of(translation.get_language() or "en")
    return names.get((code or "").upper(), code)


def is_country_code(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


def language_choices() -> list[tuple[str, str]]:
    return [(code.split("-")[0], LANG_INFO[code]["name_local"]) for code in STORY_LANGUAGES]

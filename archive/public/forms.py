"""The search parameters shared by the public search page and GET /api/v1/search/.

One form parses and validates a query string into the engine's `SearchQuery`, so the page
and the API accept exactly the same parameters:

    q           words, "quoted phrases", OR, -excluded
    lang        language code, repeatable (or comma-separated)
    year_from   earliest year (inclusive)
    year_to     latest year (inclusive)
    country     ISO 3166 alpha-2 code, repeatable
    setting     a setting key (workplace, education, ...), repeatable
    hashtag     a hashtag with or without '#', repeatable
    hide        a content-note key: leave out accounts that carry it, repeatable
    sort        relevance (default) or date
    page        1, 2, ...
    page_size   API only, 1..50 (the page always shows 20)
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.search.query import SearchQuery
from archive.vocabulary import YEAR_MAX, YEAR_MIN, ContentNote, Setting

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
# Deep pages cost the engine more and nobody reads page 500 of a search.
MAX_PAGE = 500
MAX_QUERY_CHARS = 200

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_HASHTAG = re.compile(r"^\w{1,60}$")


class ListField(forms.Field):
    """A repeatable query parameter (`?x=a&x=b`, or `?x=a,b`), each value normalised."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, normalise, pattern: re.Pattern, max_items: int = 20, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.normalise = normalise
        self.pattern = pattern
        self.max_items = max_items

    def to_python(self, value) -> tuple[str, ...]:
        if not value:
            return ()
        if isinstance(value, str):
            value = [value]
        items: list[str] = []
        for raw in value:
            for part in str(raw).split(","):
                part = self.normalise(part.strip())
                if part and part not in items:
                    items.append(part)
        return tuple(items)

    def validate(self, value: tuple[str, ...]) -> None:
        super().validate(value)
        if len(value) > self.max_items:
            raise ValidationError(_("Choose at most %(n)d values."), params={"n": self.max_items})
        for item in value:
            if not self.pattern.match(item):
                raise ValidationError(
                    _("“%(value)s” is not a valid value."), params={"value": item}
                )


class ChoiceListField(forms.MultipleChoiceField):
    """MultipleChoiceField that also accepts comma-separated values."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        values = super().to_python(value)
        return [part.strip() for v in values for part in v.split(",") if part.strip()]


def _hashtag(value: str) -> str:
    return value.lstrip("#").lower()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the accounts"), required=False, max_length=MAX_QUERY_CHARS, strip=True
    )
    lang = ListField(label=_("Language"), normalise=str.lower, pattern=_LANGUAGE)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    country = ListField(label=_("Country"), normalise=str.upper, pattern=_COUNTRY)
    setting = ChoiceListField(label=_("Where it happened"), choices=Setting.choices, required=False)
    hashtag = ListField(label=_("Hashtag"), normalise=_hashtag, pattern=_HASHTAG)
    hide = ChoiceListField(
        label=_("Hide accounts with these content notes"),
        choices=ContentNote.choices,
        required=False,
    )
    # Present when the visitor submitted the hide choices in this request (the checkboxes
    # send nothing when none is ticked, so their absence alone means nothing).
    hide_set = forms.BooleanField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[("relevance", _("Best match")), ("date", _("Newest first"))],
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    years_swapped = False

    def clean(self) -> dict:
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            # Swapping is kinder than refusing: the visitor clearly meant a range. The page
            # says so (years_swapped), so the results are never silently for other years.
            data["year_from"], data["year_to"] = year_to, year_from
            self.years_swapped = True
        return data

    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(
            data.get(name)
            for name in ("lang", "year_from", "year_to", "country", "setting", "hashtag")
        )

    def to_query(
        self,
        *,
        hide: tuple[str, ...] | None = None,
        page_size: int | None = None,
        with_facets: bool = True,
    ) -> SearchQuery:
        """The engine query for the valid fields; invalid ones are left out.

        `hide` overrides the hide choices (the page passes the visit's remembered choice);
        `page_size` overrides the requested size (the page always shows PAGE_SIZE).
        """
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return SearchQuery(
            text=data.get("q") or "",
            languages=tuple(data.get("lang") or ()),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            countries=tuple(data.get("country") or ()),
            settings=tuple(data.get("setting") or ()),
            hashtags=tuple(data.get("hashtag") or ()),
            hide_content_notes=tuple(hide if hide is not None else (data.get("hide") or ())),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=page_size or data.get("page_size") or PAGE_SIZE,
            with_facets=with_facets,
        )

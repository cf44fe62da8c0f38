"""The public reading surfaces: search, the archive listing, story pages, statistics.

Every view here reads only `Story.objects.public()` (directly or through the search index,
which holds public stories only) and only redacted text and public metadata. The original
text is never loaded: querysets name their fields with `.only(...)`, so an encrypted
column is not even decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote_plus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, get_language_info
from django.views.decorators.http import require_safe

from archive.public import charts, selectors
from archive.public.chart_views import chart_items
from archive.public.forms import MAX_PAGE, PAGE_SIZE, SearchForm
from archive.public.selectors import (
    PublicPaginator,
    only_public_hits,
    public_cards,
    public_count,
    public_stories,
    story_addresses,
)
from archive.search.query import MAX_RESULTS, Hit, SearchResults
from archive.vocabulary import ContentNote, Setting, country_name

# The visit's content-note choice lives in the session: no account, nothing stored
# beyond the session, and it ends with the visit.
SESSION_HIDDEN_NOTES = "hidden_content_notes"

_NOTE_LABELS = dict(ContentNote.choices)
_SETTING_LABELS = dict(Setting.choices)


def language_label(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def hidden_notes(request: HttpRequest, form: SearchForm) -> tuple[str, ...]:
    """The content notes this visitor chose to hide.

    A submitted choice (marked by `hide_set`) wins and is remembered for the visit;
    otherwise the remembered choice applies. A session is created only when someone
    actually chooses to hide something.
    """
    data = getattr(form, "cleaned_data", {})
    if data.get("hide_set"):
        chosen = tuple(data.get("hide") or ())
        if chosen or SESSION_HIDDEN_NOTES in request.session:
            request.session[SESSION_HIDDEN_NOTES] = list(chosen)
            if not request.user.is_authenticated:
                # "For the visit": the cookie ends when the browser closes. A signed-in
                # person's session keeps the lifetime their sign-in chose.
                request.session.set_expiry(0)
        return chosen
    remembered = request.session.get(SESSION_HIDDEN_NOTES) or []
    return tuple(n for n in remembered if n in _NOTE_LABELS)


def note_choices(hidden: tuple[str, ...]) -> list[dict]:
    return [
        {"value": v, "label": label, "checked": v in hidden} for v, label in ContentNote.choices
    ]


@dataclass(frozen=True)
class HitView:
    """A search hit with its address and labels resolved, for the template."""

    hit: Hit
    url: str

    @property
    def title(self) -> str:
        return self.hit.title

    @property
    def content_note_labels(self) -> list[str]:
        return [str(_NOTE_LABELS[n]) for n in self.hit.content_notes if n in _NOTE_LABELS]

    @property
    def setting_label(self) -> str:
        return str(_SETTING_LABELS.get(self.hit.setting, ""))

    @property
    def language_label(self) -> str:
        return language_label(self.hit.language) if self.hit.language else ""

    @property
    def country_name(self) -> str:
        return country_name(self.hit.country) if self.hit.country else ""


def _year_links(request: HttpRequest, years: list[tuple[str, int]]) -> list[dict]:
    """Each year's link: this search narrowed to that year, from its first page.

    What `{% querystring year_from=… year_to=… page=None %}` gives, with the rest of the
    query encoded once for the whole list rather than once per year (it was a tenth of
    the search page's template time)."""
    params = request.GET.copy()
    params["year_from"] = params["year_to"] = ""
    params.pop("page", None)
    pairs = params.urlencode().split("&")
    slots = {pairs.index("year_from="): "year_from=", pairs.index("year_to="): "year_to="}
    links = []
    for value, count in sorted(years, key=lambda vc: str(vc[0])):
        year = quote_plus(str(value))
        for at, key in slots.items():
            pairs[at] = key + year
        links.append({"value": value, "count": count, "href": "?" + "&".join(pairs)})
    return links


def _facet_options(
    results: SearchResults, name: str, selected: tuple[str, ...], label
) -> list[dict]:
    options = [
        {"value": value, "label": label(value), "count": count, "checked": value in selected}
        for value, count in results.facets.get(name, [])
    ]
    present = {o["value"] for o in options}
    # A chosen value with no remaining match stays visible, so it can be unticked.
    options += [
        {"value": v, "label": label(v), "count": 0, "checked": True}
        for v in selected
        if v not in present
    ]
    return options


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """The search page: a GET form, so every result page is a link that can be shared."""
    form = SearchForm(request.GET)
    form.is_valid()  # invalid fields are reported and left out; the rest still searches
    hidden = hidden_notes(request, form)
    query = replace(
        form.to_query(hide=hidden, page_size=PAGE_SIZE), visitor_language=get_language() or ""
    )
    results = selectors.run_search(query)
    address = story_addresses()
    hits = [HitView(h, address(h.public_id)) for h in only_public_hits(results.hits)]

    num_pages = min(MAX_PAGE, results.page_count)
    data = form.cleaned_data
    facets = {
        "language": _facet_options(results, "language", query.languages, language_label),
        "country": _facet_options(results, "country", query.countries, str.upper),
        "setting": _facet_options(
            results, "setting", query.settings, lambda v: str(_SETTING_LABELS.get(v, v))
        ),
        "hashtag": _facet_options(results, "hashtag", query.hashtags, lambda v: f"#{v}"),
        "year": _year_links(request, results.facets.get("year", [])),
    }
    return render(
        request,
        "archive/search.html",
        {
            "form": form,
            "query": query,
            "q": data.get("q") or "",
            "results": results,
            "hits": hits,
            "facets": facets,
            "notes": note_choices(hidden),
            "hidden_labels": [str(_NOTE_LABELS[n]) for n in hidden],
            "has_filters": form.has_filters(),
            "page": results.page,
            "num_pages": num_pages,
            "previous_page": results.page - 1 if results.page > 1 else None,
            "next_page": results.page + 1 if results.page < num_pages else None,
            "suggestions": [] if results.total else list(results.suggestions),
            "unfiltered_total": results.unfiltered_total,
            "beyond_browsing": results.total > MAX_RESULTS,
            "max_results": MAX_RESULTS,
            "facets_estimated": results.facets_estimated,
            "sort_choices": form.fields["sort"].choices,
        },
    )


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    """Every published account, newest first, a page at a time."""
    form = SearchForm(request.GET)
    form.is_valid()
    hidden = hidden_notes(request, form)
    paginator = PublicPaginator(
        public_stories().without_content_notes(hidden),
        PAGE_SIZE,
        # Everything public: the exact figure is one small query, no cache needed.
        known_count=None if hidden else public_count(),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "archive/story_list.html",
        {
            "page_obj": page,
            "cards": public_cards(page.object_list, words=60),
            "page": page.number,
            "num_pages": paginator.num_pages,
            "previous_page": page.previous_page_number() if page.has_previous() else None,
            "next_page": page.next_page_number() if page.has_next() else None,
            "notes": note_choices(hidden),
            "hidden_labels": [str(_NOTE_LABELS[n]) for n in hidden],
        },
    )


@require_safe
def story_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One account. Anything not public is a plain 404, the same as an id that never existed."""
    story = get_object_or_404(public_stories(), public_id=public_id)
    remembered = request.session.get(SESSION_HIDDEN_NOTES) or []
    hidden_here = [
        str(_NOTE_LABELS[n]) for n in story.content_notes if n in remembered and n in _NOTE_LABELS
    ]
    return render(
        request,
        "archive/story_detail.html",
        {
            "story": story,
            "setting_label": _SETTING_LABELS.get(story.setting, ""),
            "language_label": language_label(story.language) if story.language else "",
            "hidden_here": hidden_here,
        },
    )


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """Aggregate figures, small cells suppressed (archive/stats.py)."""
    inputs = charts.Inputs()  # one read of the figures for every chart on the page
    return render(
        request,
        "archive/statistics.html",
        {
            "figures": inputs.figures,
            "totals": charts.totals(inputs),
            "timelines": chart_items(["timeline-month", "timeline-day"], inputs=inputs),
            "maps": chart_items(["map-voices", "map-accounts"], inputs=inputs),
            "accounts_charts": chart_items(
                ["year", "setting", "content-note", "language"], open_tables=True, inputs=inputs
            ),
            "voices_charts": chart_items(["voices-term"], open_tables=True, inputs=inputs),
        },
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    inputs = charts.Inputs()
    # public_stories() loads only public fields: the encrypted originals are never read.
    return render(
        request,
        "archive/home.html",
        {
            "recent": public_cards(public_stories()[:6], words=80),
            "published_count": public_count(inputs.counts),
            "totals": charts.totals(inputs),
            "timeline": chart_items(["timeline-month"], inputs=inputs)[0],
        },
    )

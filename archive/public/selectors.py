"""What every public surface reads: the public queryset's fields, counts and search hits.

Pages, the public API, feeds and statistics read through here (and archive/public/stats.py),
never the original text: querysets name their fields with `.only(...)`, so an encrypted
column is not even decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import Truncator

from archive.models import Story
from archive.public.cache import cached_anchors, cached_count
from archive.public.stats import figure_counts
from archive.search import search as engine_search
from archive.search.query import Hit, SearchQuery, SearchResults
from archive.stories.public_view import PUBLIC
from archive.vocabulary import ContentNote, Setting, country_name

# What a public page may read of a story. Nothing else is loaded.
PUBLIC_FIELDS = (
    "pk",
    "public_id",
    "version",
    "public_title",
    "public_body",
    "language",
    "year",
    "country",
    "setting",
    "content_notes",
    "display_name",
    "pseudonym",
    "published_at",
)


def count_cache_seconds() -> int:
    return int(settings.CHORUS["PUBLIC_COUNT_CACHE_SECONDS"])


# A deep page starts from the nearest cached anchor: at most this many pages are skipped
# with OFFSET (see PublicPaginator.page).
ANCHOR_EVERY_PAGES = 10


class PublicPaginator(Paginator):
    """A paginator whose total is cached until an account leaves the public view.

    The page's rows are always read at request time; only the count (a full scan at a
    million accounts) is cached, and never past a withdrawal (archive/public/cache.py).

    Deep pages: OFFSET 20,000 reads and checks 20,000 rows (0.4 s at 300,000 accounts).
    Instead, the sort key of the first row of every tenth page is computed in the same kind
    of full pass as the count and cached the same way; page n then reads from the nearest
    anchor (an index range on `story_public_idx`) and skips at most nine pages. An anchor
    can be up to a minute older than a new publication, which only shifts page boundaries
    by the accounts published since; a removal discards the anchors at once, and rows are
    always read from the public queryset, so nothing withdrawn is ever shown.
    """

    def __init__(self, *args, known_count: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:  # the caller read it exactly, e.g. public_count()
            return self.known_count
        return cached_count(self.object_list, seconds=count_cache_seconds())

    def page(self, number):
        number = self.validate_number(number)
        block = (number - 1) // ANCHOR_EVERY_PAGES
        if block == 0:
            return super().page(number)
        anchors = cached_anchors(self.object_list, self.per_page * ANCHOR_EVERY_PAGES)
        if block >= len(anchors) or anchors[block][0] is None:
            return super().page(number)
        published_at, pk = anchors[block]
        from_anchor = self.object_list.filter(published_at__lte=published_at).filter(
            Q(published_at__lt=published_at) | Q(pk__lte=pk)
        )
        bottom = ((number - 1) % ANCHOR_EVERY_PAGES) * self.per_page
        return self._get_page(from_anchor[bottom : bottom + self.per_page], number, self)


def public_count(figures: dict | None = None) -> int:
    """How many accounts are public: one small query over the public figures (or none,
    given the `figures` a page already read), exact at every commit
    (archive/stories/public_view.py keeps them)."""
    figures = figures if figures is not None else figure_counts((PUBLIC,))
    return figures[PUBLIC].get("", 0)


def public_stories():
    """The public queryset with only the public fields loaded, newest first."""
    return Story.objects.public().only(*PUBLIC_FIELDS).order_by("-published_at", "-pk")


@dataclass(frozen=True, slots=True)
class Card:
    """A listed account with its labels and opening resolved once, in Python.

    Template filters and model methods per row (truncatewords, get_FOO_display, which
    rebuilds its choices each call) cost more than the page's queries did.
    """

    public_id: str
    url: str
    title: str
    language: str
    excerpt: str  # whole words joined by single spaces: no line breaks to convert
    note_labels: list[str]
    author: str
    year: int | None
    country: str
    country_name: str
    setting_label: str


_NOTE_LABELS = dict(ContentNote.choices)
_SETTING_LABELS = dict(Setting.choices)


# Stands for the public id in a story page's address, reversed once per page.
_ID_MARK = "public-id-mark"


def story_addresses():
    """A function giving a story page's address from its public id, for a whole page.

    The address is reversed once and the id put in its place, quoted as `reverse` quotes
    it: a page of cards or search hits costs one URL resolution, not one per story."""
    address = reverse("archive:story_detail", args=[_ID_MARK])
    return lambda public_id: address.replace(
        _ID_MARK, quote(public_id, safe=RFC3986_SUBDELIMS + "/~:@")
    )


def public_cards(stories, *, words: int) -> list[Card]:
    """`stories` (from public_stories()) as cards, each opening cut to `words` words."""
    address = story_addresses()
    return [
        Card(
            public_id=story.public_id,
            url=address(story.public_id),
            title=story.public_title,
            language=story.language,
            excerpt=Truncator(story.public_body).words(words, truncate=" …"),
            note_labels=[str(_NOTE_LABELS[n]) for n in story.content_notes if n in _NOTE_LABELS],
            author=story.public_author,
            year=story.year,
            country=story.country.upper(),
            country_name=country_name(story.country) if story.country else "",
            setting_label=str(_SETTING_LABELS.get(story.setting, "")),
        )
        for story in stories
    ]


def only_public_hits(hits: tuple[Hit, ...]) -> list[Hit]:
    """The hits of a search page whose story is public now, at the version indexed.

    The index holds public stories only and every change that narrows the public view
    removes the entry in its own request; checking the page's hits against the public
    queryset costs one small query and means a bug elsewhere still cannot show a
    withdrawn account, or an older version of one, here.
    """
    ids = [h.story_id for h in hits]
    if not ids:
        return []
    current = dict(Story.objects.public().filter(pk__in=ids).values_list("pk", "version"))
    return [h for h in hits if current.get(h.story_id) == h.version]


def run_search(query: SearchQuery) -> SearchResults:
    """The engine's `search`, the one call both the page and the API make."""
    return engine_search(query)

"""What every public surface reads: the public queryset's fields, counts and search hits.

Pages, the public API, feeds and statistics read through here (and archive/public/stats.py),
never the original text: querysets name their fields with `.only(...)`, so an encrypted
column is not even decrypted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from archive.models import Story
from archive.public.cache import cached_count
from archive.search import search as engine_search
from archive.search.query import Hit, SearchQuery, SearchResults

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


class PublicPaginator(Paginator):
    """A paginator whose total is cached until an account leaves the public view.

    The page's rows are always read at request time; only the count (a full scan at a
    million accounts) is cached, and never past a withdrawal (archive/public/cache.py).
    """

    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list, seconds=count_cache_seconds())


def public_count() -> int:
    """How many accounts are public (cached like PublicPaginator.count)."""
    return cached_count(Story.objects.public(), seconds=count_cache_seconds())


def public_stories():
    """The public queryset with only the public fields loaded, newest first."""
    return Story.objects.public().only(*PUBLIC_FIELDS).order_by("-published_at", "-pk")


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

"""Paginators for admin lists over tables that grow without bound (stories, audit events).

Django's admin counts every matching row to number its pages. On PostgreSQL a COUNT(*)
reads every row (or index entry) it counts: a third of a second for 200,000 stories on a
busy machine, more for the audit trail, on every page view. Nobody pages through thousands
of pages, so these paginators count up to a cap and say "more than" beyond it.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.utils.functional import cached_property

from archive.moderation.selectors import ids_in
from archive.vocabulary import Status

WAITING = [Status.SUBMITTED, Status.IN_REVIEW]


class CappedCountPaginator(Paginator):
    """Counts at most `count_cap` + 1 rows; `capped` says the real total is larger."""

    count_cap = 10_000

    @cached_property
    def count(self) -> int:
        # A sliced queryset counts as SELECT COUNT(*) FROM (... LIMIT n): it stops early.
        return self.object_list.order_by().values("pk")[: self.count_cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.count_cap


class QueuePaginator(CappedCountPaginator):
    """The moderation queue's pages, read through the queue index.

    The queue's default order puts reported accounts first (a CASE over a literal id list),
    then the longest-waiting. No index can serve that CASE, so sorting a page meant reading
    every waiting account from the table: 16,000 scattered rows at 200,000 accounts. Here
    the reported accounts (few) are read by primary key, and the others in the order of
    `story_waiting_idx` (submitted_at, created_at, id DESC), stopping after one page.
    Used only for the default order; a moderator's own column sort pages the usual way.
    """

    count_cap = 1_000
    # The admin's default order without the reported-first CASE, ending in the "-pk" the
    # changelist adds for a deterministic order.
    REST_ORDER = (F("submitted_at").asc(nulls_last=True), "created_at", "-pk")

    def __init__(self, object_list, per_page, *, reported, waiting_only: bool, rows):
        super().__init__(object_list, per_page)
        self.reported = reported
        self.waiting_only = waiting_only
        # rows(ids): the page's stories, read by primary key without the list's filters.
        self.rows = rows

    @cached_property
    def _reported_ids(self) -> list[int]:
        if not self.reported:
            return []
        reported = self.object_list.filter(ids_in(self.reported)).order_by(*self.REST_ORDER)
        return list(reported.values_list("pk", flat=True))

    @cached_property
    def _rest(self) -> QuerySet:
        rest = self.object_list
        if self.reported:
            rest = rest.exclude(ids_in(self.reported))
        if self.waiting_only:
            # Repeated at the top level so PostgreSQL sees that the partial index applies.
            rest = rest.filter(status__in=WAITING)
        return rest.order_by(*self.REST_ORDER)

    @cached_property
    def count(self) -> int:
        rest = self._rest.order_by().values("pk")[: self.count_cap + 1].count()
        return len(self._reported_ids) + rest

    @property
    def capped(self) -> bool:
        return self.count - len(self._reported_ids) > self.count_cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        first = self._reported_ids
        ids = first[bottom:top]
        start = max(0, bottom - len(first))
        ids += list(
            self._rest.values_list("pk", flat=True)[start : start + top - bottom - len(ids)]
        )
        position = {pk: i for i, pk in enumerate(ids)}
        rows = sorted(self.rows(ids), key=lambda story: position[story.pk])
        return self._get_page(rows, number, self)

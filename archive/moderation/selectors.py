"""What the moderation workstation reads: the queue, its counts and the review page.

Reads only; every write is in archive/moderation/services.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
)

from archive.models import Redaction, Report, Story
from archive.vocabulary import Decision, Status

# Counting a status is reading its index entries: the workstation's counts stop here (see
# status_counts, queue_size), at the queue's own cap (paging.QueuePaginator): 10,000 read
# 20,000 scattered rows for the two waiting statuses on every queue page, 60-120 ms at
# 200,000 accounts.
STATUS_COUNT_CAP = 1_000


def edit_token(story: Story) -> str:
    """The value a review page sends back to prove it saw the current story."""
    return story.updated_at.isoformat()


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(resolved_at__isnull=True)


def queue_first_marks(queryset: QuerySet[Story]) -> QuerySet[Story]:
    """Annotate `is_first_from_contributor`: a signed-in contributor's first account.

    Accounts sent with only a claim code have no known contributor and are not marked.
    """
    earlier = Story.objects.filter(
        contributor=OuterRef("contributor"), created_at__lt=OuterRef("created_at")
    )
    return queryset.annotate(
        is_first_from_contributor=ExpressionWrapper(
            Q(contributor__isnull=False) & ~Exists(earlier), output_field=BooleanField()
        )
    )


class _InIdList(Lookup):
    """`column IN (ids)` with the whole list as one parameter on PostgreSQL (`= ANY(%s)`).

    The queue filters and sorts by the ids of the reported stories (hundreds of them). As
    a plain `__in`, every id is one placeholder that Django prepares and psycopg splits out
    of the SQL text, in each query that carries the list: about 40 ms of CPU per queue page
    for 900 ids. One array parameter costs nothing, and PostgreSQL reads `= ANY(array)` with the
    same index scans (and BitmapOr) as an IN list. Elsewhere it is the ordinary IN list.
    """

    lookup_name = "in_id_list"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [value]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet  # matches nothing (and its negation everything)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, self.rhs]


def ids_in(ids: Iterable[int], field: str = "pk") -> Lookup:
    """A filter condition `field IN ids` for long id lists: use it in filter(), exclude(),
    Q(...) and When(...) like a keyword lookup."""
    return _InIdList(F(field), sorted(set(ids)))


def reported_story_ids() -> list[int]:
    """Ids of the stories with an open visitor report (few: reports get dealt with)."""
    return list(open_reports().values_list("story_id", flat=True).distinct().order_by())


def needs_attention(reported: list[int] | None = None) -> Q:
    """The default queue: waiting for review, or reported by a visitor.

    The reported ids are a literal list rather than a correlated EXISTS, so PostgreSQL
    can combine two index scans (status, primary key) instead of scanning every story;
    one array parameter (`ids_in`), not one placeholder per id.
    """
    if reported is None:
        reported = reported_story_ids()
    return Q(status__in=[Status.SUBMITTED, Status.IN_REVIEW]) | Q(ids_in(reported))


def queue_size(cap: int) -> int:
    """How many accounts the default queue holds (`needs_attention`), at most cap + 1.

    Counted in two parts rather than through the queue's `OR`, which PostgreSQL answers
    with a bitmap of every waiting account before it can stop: the waiting accounts read
    at most cap + 1 entries of the waiting-status index, then the few reported accounts
    that are not waiting are added.
    """
    waiting_statuses = [Status.SUBMITTED, Status.IN_REVIEW]
    waiting = Story.objects.filter(status__in=waiting_statuses)[: cap + 1].count()
    if waiting > cap:
        return cap + 1
    reported = Story.objects.filter(ids_in(reported_story_ids())).exclude(
        status__in=waiting_statuses
    )
    return min(waiting + reported.count(), cap + 1)


def status_counts(cap: int | None = None) -> dict[str, int]:
    """How many stories are in each status, in one query; with `cap`, at most cap + 1 each.

    An uncapped count reads every story (a GROUP BY over the whole table). Capped, each
    status reads at most cap + 1 entries of the status index, whatever the table's size.
    """
    if cap is None:
        # COUNT(*), not COUNT(id): PostgreSQL can answer it from the status index alone.
        counts = dict(Story.objects.values_list("status").annotate(n=Count("*")).order_by())
        return {status.value: counts.get(status.value, 0) for status in Status}
    table = connection.ops.quote_name(Story._meta.db_table)
    one = f"SELECT %s, COUNT(*) FROM (SELECT 1 FROM {table} WHERE status = %s LIMIT %s) AS t"  # noqa: S608
    params: list = []
    for status in Status:
        params += [status.value, status.value, cap + 1]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(Status)), params)
        return dict(cursor.fetchall())


def waiting_languages() -> list[str]:
    """The distinct languages of the accounts waiting for review, in code order.

    A skip scan of `story_waiting_lang_idx`: each step asks for the smallest language after
    the previous one, one index probe per language, however many accounts wait. (A DISTINCT
    reads every waiting account: 16,000 rows at 200,000 accounts, 70-150 ms on a table
    whose visibility map is not yet set.)
    """
    table = connection.ops.quote_name(Story._meta.db_table)
    waiting = "status IN (%s, %s)"
    sql = f"""
        WITH RECURSIVE found(language) AS (
            SELECT MIN(language) FROM {table} WHERE {waiting} AND language > ''
            UNION ALL
            SELECT (SELECT MIN(language) FROM {table} WHERE {waiting} AND language > found.language)
            FROM found WHERE found.language IS NOT NULL
        )
        SELECT language FROM found WHERE language IS NOT NULL
    """  # noqa: S608 (the table name is quoted, the values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.SUBMITTED, Status.IN_REVIEW] * 2)
        return [row[0] for row in cursor.fetchall()]


def has_risk_flags() -> Q:
    """Stories with at least one re-identification warning (risk_flags is a JSON list)."""
    return ~Q(risk_flags=[])


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a story's text for the review page: plain, or one redaction span."""

    text: str
    redaction: Redaction | None = None
    number: int = 0


def review_segments(text: str, redactions: Iterable[Redaction], *, reveal: bool) -> list[Segment]:
    """Split `text` into plain pieces and redaction spans, for highlighting.

    With `reveal=False` (the redacted view) a hidden or undecided span shows its
    placeholder, never its words; a span the moderator decided to keep shows its words,
    since they will be public. With `reveal=True` (the original) every span shows its
    words. Overlapping spans are shown as the first one, like the public rendering.
    """
    ordered = sorted(
        (r for r in redactions if 0 <= r.start < r.end <= len(text)), key=lambda r: r.start
    )
    segments: list[Segment] = []
    cursor = 0
    for number, item in enumerate(ordered, start=1):
        if item.start < cursor:
            continue
        if item.start > cursor:
            segments.append(Segment(text[cursor : item.start]))
        words = text[item.start : item.end]
        shown = words if reveal or item.decision == Decision.REJECTED else item.placeholder
        segments.append(Segment(shown, item, number))
        cursor = item.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments

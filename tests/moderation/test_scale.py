"""Moderation pages at scale: query counts that do not grow, plans that use their indexes.

The figures themselves come from bench/moderation/run.py; these tests pin down the shapes
that make them: a constant number of queries per page, the queue's page read through
`story_waiting_idx`, the audit log's through `event_recent_idx`.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import ModerationEvent, Story
from archive.moderation import selectors
from archive.moderation.admin.paging import CappedCountPaginator, QueuePaginator
from archive.vocabulary import Status
from tests.factories import make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
LOG = "admin:archive_moderationevent_changelist"
QUEUE = "admin:archive_story_changelist"
postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="plans are PostgreSQL's"
)


def _queries(client, url, params=None) -> int:
    client.get(url, params or {})  # the session's first admin request stores when it began
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_the_audit_log_runs_the_same_queries_for_few_and_many_events(client, moderator):
    sign_in_with_otp(client, moderator)
    make_story(status=Status.PUBLISHED)
    few = _queries(client, reverse(LOG))
    for _ in range(6):
        make_story(status=Status.PUBLISHED)
    many = _queries(client, reverse(LOG))

    assert ModerationEvent.objects.count() > 20
    assert many == few
    assert _queries(client, reverse(LOG), {"action__exact": "publish"}) == few


def test_the_queue_runs_the_same_queries_past_one_page_and_with_reports(client, moderator):
    sign_in_with_otp(client, moderator)
    make_story()
    few = _queries(client, reverse(QUEUE))
    for _ in range(27):  # more than a page of 25
        make_story()
    many = _queries(client, reverse(QUEUE))

    assert many == few + 1  # past one page: the page's ids are read, then its rows
    assert _queries(client, reverse(QUEUE), {"p": 2}) == many


def test_the_queue_pages_in_the_same_order_as_a_plain_sort(client, moderator):
    from archive.models import Report

    stories = [make_story() for _ in range(7)]
    published = make_story(status=Status.PUBLISHED)
    Report.objects.create(story=published, reason="identifies")
    reported = selectors.reported_story_ids()
    queryset = Story.objects.filter(selectors.needs_attention(reported))
    order = ["submitted_at", "created_at", "-pk"]
    expected = [published.pk] + list(
        queryset.exclude(pk=published.pk).order_by(*order).values_list("pk", flat=True)
    )

    paginator = QueuePaginator(
        queryset,
        3,
        reported=reported,
        waiting_only=True,
        rows=lambda ids: Story.objects.filter(pk__in=ids),
    )
    paged = [s.pk for n in paginator.page_range for s in paginator.page(n).object_list]

    assert paged == expected
    assert paginator.count == len(stories) + 1


def test_a_capped_count_stops_counting_and_says_so():
    for _ in range(4):
        make_story()
    paginator = CappedCountPaginator(Story.objects.order_by("pk"), 2)
    paginator.count_cap = 2

    assert paginator.count == 3
    assert paginator.capped
    assert selectors.status_counts(cap=2)[Status.SUBMITTED] == 3
    assert selectors.status_counts()[Status.SUBMITTED] == 4


def _plan(queryset) -> str:
    return json.dumps(json.loads(queryset.explain(format="json")))


def _queue_page_ids():
    reported = selectors.reported_story_ids()
    queryset = Story.objects.filter(selectors.needs_attention(reported)).without_content_notes(
        ["rape"]
    )
    paginator = QueuePaginator(
        queryset,
        25,
        reported=reported,
        waiting_only=True,
        rows=lambda ids: Story.objects.filter(pk__in=ids),
    )
    return paginator._rest.values_list("pk", flat=True)[:25]


def _fill(n: int) -> None:
    """n stories straight in SQL (8 % waiting), then fresh statistics."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO archive_story (public_id, title, body, redact_terms, contact_address,
                public_title, public_body, language, country, setting, content_notes, tags,
                display_name, pseudonym, source, source_platform, source_id, text_fingerprint,
                status, version, text_version, detected_version, risk_flags, created_at,
                updated_at, submitted_at)
            SELECT 'plan' || i, '', '', '', '', '', '', 'en', '', '', '[]', '[]', 'anonymous',
                   '', 'web', '', '', '',
                   CASE WHEN i %% 25 < 2 THEN 'submitted' ELSE 'published' END, 1, 1, 1, '[]',
                   now() - i * interval '1 minute', now(), now() - i * interval '1 minute'
            FROM generate_series(1, %s) AS i
            """,
            [n],
        )
        cursor.execute(
            """
            INSERT INTO archive_moderationevent (story_id, actor_kind, action, from_status,
                to_status, note, note_digest, created_at, prev_hash, hash)
            SELECT id, 'system', 'submit', 'draft', 'submitted', '', '', created_at, '', ''
            FROM archive_story WHERE public_id LIKE 'plan%%'
            """
        )
        cursor.execute("ANALYZE archive_story")
        cursor.execute("ANALYZE archive_moderationevent")


@postgres_only
@pytest.mark.parametrize("extra", [2_000, 50_000])
def test_the_queue_and_audit_log_read_through_their_indexes_small_or_large(extra):
    """The page is read in index order (a large table), or from the status index and sorted
    (a small one, where the few waiting rows are cheaper to sort): never a scan of every
    story. The audit log's newest events come from event_recent_idx at either size."""
    for _ in range(3):
        make_story()
    _fill(extra)

    queue = _plan(_queue_page_ids())
    assert "Seq Scan" not in queue, queue
    if extra >= 50_000:
        assert "story_waiting_idx" in queue, queue
    newest = _plan(ModerationEvent.objects.order_by("-created_at", "-id")[:50])
    assert "event_recent_idx" in newest, newest


def test_a_capped_queue_says_more_than_instead_of_a_wrong_total(client, moderator, monkeypatch):
    monkeypatch.setattr(QueuePaginator, "count_cap", 2)
    sign_in_with_otp(client, moderator)
    for _ in range(4):
        make_story()

    response = client.get(reverse(QUEUE))

    assert "More than 2 match" in response.content.decode()


def test_a_long_id_list_filters_like_in_and_is_one_parameter_on_postgresql():
    stories = [make_story() for _ in range(5)]
    chosen = [s.pk for s in stories[:3]] + [10**9]  # an id that exists nowhere

    assert set(Story.objects.filter(selectors.ids_in(chosen)).values_list("pk", flat=True)) == {
        s.pk for s in stories[:3]
    }
    assert set(Story.objects.exclude(selectors.ids_in(chosen)).values_list("pk", flat=True)) == {
        s.pk for s in stories[3:]
    }
    assert not Story.objects.filter(selectors.ids_in([])).exists()
    assert Story.objects.exclude(selectors.ids_in([])).count() == 5
    either = selectors.needs_attention([stories[0].pk])
    assert Story.objects.filter(either).count() == 5

    _sql, params = Story.objects.filter(selectors.ids_in(range(900))).query.sql_with_params()
    assert len(params) == (1 if connection.vendor == "postgresql" else 900)


def test_the_languages_of_the_waiting_accounts_are_found_once_each():
    make_story(language="fr")
    make_story(language="fr", status=Status.IN_REVIEW)
    make_story(language="de")
    Story.objects.filter(pk=make_story().pk).update(language="")
    make_story(language="es", status=Status.PUBLISHED)

    assert selectors.waiting_languages() == ["de", "fr"]


def test_counts_by_status_stop_at_the_cap_and_say_more_than(client, moderator, monkeypatch):
    from archive.moderation.admin import stories

    monkeypatch.setattr(stories, "STATUS_COUNT_CAP", 2)
    sign_in_with_otp(client, moderator)
    for _ in range(3):
        make_story()
    make_story(status=Status.PUBLISHED)

    counts = {label: n for label, n, _url in client.get(reverse(QUEUE)).context["status_counts"]}

    assert counts["Submitted"] == "more than 2"
    assert counts["Published"] == 1


# Every query of each page, by name; a change here is a change in the page's cost.
QUEUE_QUERIES = [
    "session",
    "user",
    "staff device",
    "counts by status (one UNION ALL)",
    "ids of the reported accounts",
    "user permissions",
    "group permissions",
    "languages of the waiting accounts",
    "count (stops at the cap)",
    "the reported accounts in order",
    "the waiting accounts of the page in index order (when reports do not fill it)",
    "the page's rows",
    "their redactions",
]


@pytest.mark.parametrize(
    "params",
    [{}, {"note": "assault"}, {"language": "fr"}, {"p": 2}],
    ids=["default", "content note", "language", "second page"],
)
def test_the_queue_runs_exactly_its_listed_queries(client, moderator, params):
    from archive.models import Report

    sign_in_with_otp(client, moderator)
    for _ in range(30):
        make_story(language="fr", content_notes=["assault"])
    Report.objects.create(story=make_story(status=Status.PUBLISHED), reason="identifies")

    assert _queries(client, reverse(QUEUE), params) == len(QUEUE_QUERIES)


def test_a_moderator_hiding_content_notes_runs_the_same_queries(client, moderator):
    sign_in_with_otp(client, moderator)
    for _ in range(30):
        make_story(content_notes=["assault"])
    seen = _queries(client, reverse(QUEUE))
    moderator.hidden_content_notes = ["rape", "child_abuse"]
    moderator.save()

    # With no open report, the reported accounts are not read.
    assert _queries(client, reverse(QUEUE)) == seen == len(QUEUE_QUERIES) - 1


def test_the_review_page_and_audit_log_run_a_fixed_number_of_queries(client, moderator):
    sign_in_with_otp(client, moderator)
    story = make_story()

    assert _queries(client, reverse("admin:archive_story_change", args=[story.pk])) == 13
    assert _queries(client, reverse(LOG)) == 8


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        return json.dumps(cursor.fetchone()[0])


@postgres_only
def test_the_queue_page_counts_in_index_order_and_finds_languages_by_skip_scan(client, moderator):
    """At 50,000 stories: the count reads the waiting accounts through a partial index and
    stops, instead of OR-ing a bitmap of every waiting account with the reported ones; the
    language choices come from story_waiting_lang_idx."""
    from archive.models import Report

    sign_in_with_otp(client, moderator)
    for _ in range(3):
        make_story()
    _fill(50_000)
    for story in Story.objects.filter(status=Status.PUBLISHED).order_by("pk")[:300]:
        Report.objects.create(story=story, reason="identifies")
    client.get(reverse(QUEUE))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(QUEUE)).status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries]

    count = next(s for s in sqls if s.startswith("SELECT COUNT(*)"))
    assert " OR " not in count, count  # the reported accounts are counted apart
    plan = _explain(count)
    assert "BitmapOr" not in plan and "Seq Scan" not in plan, plan
    assert "story_waiting_idx" in plan or "story_waiting_lang_idx" in plan, plan
    languages = next(s for s in sqls if "WITH RECURSIVE" in s)
    plan = _explain(languages)
    assert "story_waiting_lang_idx" in plan and "Seq Scan" not in plan, plan

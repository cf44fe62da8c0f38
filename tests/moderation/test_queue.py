"""The moderation queue: order, counts, filters, search, excerpts and markers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive.models import Report, Story
from archive.vocabulary import Decision, ReportReason, Source, Status
from tests.factories import make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
QUEUE = "admin:archive_story_changelist"


@pytest.fixture
def queue(client, moderator):
    sign_in_with_otp(client, moderator)

    def get(**params):
        response = client.get(reverse(QUEUE), params)
        assert response.status_code == 200
        return response

    return get


def listed(response) -> list[str]:
    return [story.public_id for story in response.context["cl"].result_list]


def aged(story: Story, days: int) -> Story:
    Story.objects.filter(pk=story.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return story


def test_the_queue_lists_accounts_waiting_for_review_oldest_first(queue):
    newer = aged(make_story(), 1)
    oldest = aged(make_story(status=Status.IN_REVIEW), 5)
    middle = aged(make_story(), 3)
    make_story(status=Status.PUBLISHED)
    make_story(status=Status.DRAFT)

    assert listed(queue()) == [oldest.public_id, middle.public_id, newer.public_id]


def test_a_reported_published_account_is_raised_to_the_top_of_the_queue(queue):
    waiting = aged(make_story(), 10)
    reported = make_story(status=Status.PUBLISHED)
    Report.objects.create(story=reported, reason=ReportReason.IDENTIFIES)

    assert listed(queue()) == [reported.public_id, waiting.public_id]


def test_a_resolved_report_no_longer_raises_the_account(queue, moderator):
    reported = make_story(status=Status.PUBLISHED)
    Report.objects.create(
        story=reported, reason=ReportReason.IDENTIFIES, resolved_at=timezone.now()
    )

    assert reported.public_id not in listed(queue())


def test_the_queue_filters_can_show_their_counts(queue):
    make_story(content_notes=["assault"])
    assert listed(queue(_facets="True"))


def test_the_queue_shows_counts_by_status(queue):
    make_story()
    make_story()
    make_story(status=Status.PUBLISHED)

    counts = {label: n for label, n, _url in queue().context["status_counts"]}

    assert counts["Submitted"] == 2
    assert counts["Published"] == 1
    assert counts["Withdrawn"] == 0


def test_the_queue_filters_by_status_language_and_source(queue):
    french = make_story(language="fr")
    imported = make_story(source=Source.IMPORT, status=Status.AWAITING_CONSENT)
    published = make_story(status=Status.PUBLISHED)

    assert listed(queue(queue="published")) == [published.public_id]
    assert listed(queue(language="fr")) == [french.public_id]
    assert listed(queue(queue="all", source="import")) == [imported.public_id]


def test_the_queue_filters_by_content_note_as_whole_list_items(queue):
    assault = make_story(content_notes=["assault", "institutional"])
    make_story(content_notes=["harassment"])

    assert listed(queue(note="assault")) == [assault.public_id]


def test_the_queue_filters_by_visitor_reports_and_re_identification_risk(queue):
    risky = make_story()
    Story.objects.filter(pk=risky.pk).update(risk_flags=[{"reason": "small town", "terms": []}])
    reported = make_story(status=Status.PUBLISHED)
    Report.objects.create(story=reported, reason=ReportReason.OTHER)
    plain = make_story()

    assert listed(queue(risk="yes")) == [risky.public_id]
    assert set(listed(queue(risk="no"))) == {plain.public_id, reported.public_id}
    assert listed(queue(queue="all", reported="yes")) == [reported.public_id]


def test_search_finds_a_public_id_but_never_searches_the_text(queue):
    story = make_story(body="A very particular sentence about the bakery.")
    make_story()

    assert listed(queue(q=story.public_id)) == [story.public_id]
    assert listed(queue(q="bakery")) == []


def test_excerpts_are_collapsed_behind_content_notes_and_hide_undecided_details(queue):
    story = make_story(
        body="Marguerite Lavoie at the bakery shouted at me. #MeToo",
        redact_terms=["Marguerite Lavoie"],
        content_notes=["harassment"],
    )
    story.redactions.update(decision=Decision.PENDING)

    page = queue().text

    assert "Marguerite" not in page
    assert '<details class="excerpt">' in page
    assert page.index("Sexual harassment") < page.index("at the bakery shouted")


def test_the_first_account_of_a_signed_in_contributor_is_marked(queue, contributor):
    first = make_story(contributor=contributor)
    second = make_story(contributor=contributor)
    anonymous = make_story()

    marks = {s.public_id: s.is_first_from_contributor for s in queue().context["cl"].result_list}

    assert marks == {first.public_id: True, second.public_id: False, anonymous.public_id: False}
    assert "first account from this contributor" in queue().text


def test_a_moderator_can_hide_chosen_content_notes_from_their_own_queue(client, moderator, queue):
    hidden = make_story(content_notes=["child_abuse", "assault"])
    shown = make_story(content_notes=["harassment"])
    response = client.post(
        reverse("admin:archive_story_wellbeing"),
        {"hidden_content_notes": ["child_abuse"], "break_reminder_after": "10"},
    )
    assert response.status_code == 302
    moderator.refresh_from_db()
    assert (moderator.hidden_content_notes, moderator.break_reminder_after) == (["child_abuse"], 10)

    assert listed(queue()) == [shown.public_id]
    # Hidden from the queue, never from the moderator: the page still opens.
    assert client.get(reverse("admin:archive_story_change", args=[hidden.pk])).status_code == 200


def test_the_queue_runs_a_bounded_number_of_queries_whatever_its_length(queue):
    for _ in range(3):
        make_story(redact_terms=["manager"])
    queue()  # the session's first admin request also stores when it began
    with CaptureQueriesContext(connection) as few:
        queue()
    for _ in range(12):
        make_story(redact_terms=["manager"], content_notes=["assault"])
    with CaptureQueriesContext(connection) as many:
        queue()

    assert len(many) == len(few)


def test_every_row_has_a_labelled_checkbox_for_bulk_actions(queue):
    story = make_story()

    page = queue().content.decode()

    assert (
        f'<input type="checkbox" name="_selected_action" value="{story.pk}" '
        f'class="action-select" aria-label="Select this object for an action - {story}">'
    ) in page
    assert f'href="{reverse("admin:archive_story_change", args=[story.pk])}"' in page


def test_every_cell_names_its_column_for_the_cards_on_a_phone(queue):
    story = make_story()

    page = queue().content.decode()

    # The stylesheet writes these names before the values when a row is a card.
    for field, label in (
        ("status", "Status"),
        ("language", "Language"),
        ("waiting_since", "Waiting"),
    ):
        assert f'<td data-label="{label}" class="field-{field}">' in page
    # The checkbox column has no name, and its box is ticked through a label.
    assert (
        f'<td class="action-checkbox"><label class="action-target"><input type="checkbox" name="_selected_action" value="{story.pk}"'
        in page
    )


def test_a_queue_of_several_pages_holds_only_waiting_and_reported_accounts(queue):
    waiting = {make_story(content_notes=["assault"]).public_id for _ in range(30)}
    reported = make_story(status=Status.PUBLISHED, content_notes=["assault"])
    Report.objects.create(story=reported, reason=ReportReason.IDENTIFIES)
    quiet = make_story(status=Status.PUBLISHED, content_notes=["assault"])

    for params in ({}, {"note": "assault"}):
        first, second = listed(queue(**params)), listed(queue(p=2, **params))
        assert first[0] == reported.public_id
        assert set(first + second) == waiting | {reported.public_id}
        assert quiet.public_id not in first + second

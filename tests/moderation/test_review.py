"""The review page: highlighted spans, the original behind a deliberate click, decisions,
details, notes, optimistic concurrency and the session reading count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.anonymise.render import render_story
from archive.models import ModerationEvent, Redaction
from archive.moderation import selectors
from archive.moderation import services as moderation
from archive.stories import consents
from archive.vocabulary import Decision, RedactionKind, RedactionSource, Status
from tests.factories import make_story
from tests.moderation.conftest import sign_in_with_otp

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
BODY = "My manager Jean Dupont followed me to the car park at Lyon station. #MeToo"


@pytest.fixture
def signed_in(client, moderator):
    sign_in_with_otp(client, moderator)
    return client


def story_with_term(**fields):
    """A story whose only span is the contributor's own term "Jean Dupont" (accepted)."""
    story = make_story(body=BODY, redact_terms=["Jean Dupont"], **fields)
    story.redactions.exclude(source=RedactionSource.CONTRIBUTOR).delete()
    return story


def url(story, name="admin:archive_story_change"):
    return reverse(name, args=[story.pk])


def token(story):
    story.refresh_from_db()
    return selectors.edit_token(story)


def public_panel(page: str) -> str:
    """The text of the "What the public would read" panel, as the page shows it."""
    from html import unescape

    start = page.index('id="redacted-text">') + len('id="redacted-text">')
    return unescape(page[start : page.index("</div>", start)])


def test_the_review_page_shows_neither_hidden_nor_undecided_words(signed_in):
    story = story_with_term()
    Redaction.objects.create(
        story=story,
        start=BODY.index("Lyon"),
        end=BODY.index("Lyon") + 4,
        kind=RedactionKind.PLACE,
        source=RedactionSource.AUTOMATIC,
    )

    page = signed_in.get(url(story)).text

    assert "Jean Dupont" not in page and "Lyon" not in page
    assert public_panel(page) == render_story(story)[1]
    assert "[removed]" in public_panel(page) and "[place]" in public_panel(page)
    assert not story.events.filter(action=Action.VIEW_ORIGINAL).exists()


def test_the_original_is_shown_only_after_a_deliberate_post_and_each_view_is_recorded(
    signed_in, moderator
):
    story = story_with_term()

    assert signed_in.get(url(story, "admin:archive_story_original")).status_code == 302
    first = signed_in.post(url(story, "admin:archive_story_original"))
    signed_in.post(url(story, "admin:archive_story_original"))

    assert "Jean Dupont" in first.text
    assert "This was recorded in the audit log" in first.text
    views = story.events.filter(action=Action.VIEW_ORIGINAL)
    assert views.count() == 2 and {e.actor for e in views} == {moderator}


def test_a_kept_span_shows_its_words_in_the_redacted_view(signed_in):
    story = story_with_term()
    redaction = story.redactions.get()

    signed_in.post(
        url(story),
        {"op": "redactions", "token": token(story), f"decision-{redaction.pk}": Decision.REJECTED},
    )

    redaction.refresh_from_db()
    assert redaction.decision == Decision.REJECTED
    assert "Jean Dupont" in public_panel(signed_in.get(url(story)).text)


def test_the_public_panel_is_the_published_rendering_when_spans_overlap(signed_in):
    # The contributor's own word "jo" starts where a detected e-mail address starts: the
    # published text merges them into "[e-mail]", and the panel must say exactly that.
    body = "He wrote to jo@harlowfinch.co.uk every night. #MeToo"
    story = make_story(body=body)
    story.redactions.all().delete()
    start = body.index("jo@")
    for end, kind, source in (
        (start + 2, RedactionKind.CUSTOM, RedactionSource.CONTRIBUTOR),
        (start + len("jo@harlowfinch.co.uk"), RedactionKind.EMAIL, RedactionSource.AUTOMATIC),
    ):
        Redaction.objects.create(
            story=story,
            start=start,
            end=end,
            kind=kind,
            source=source,
            decision=Decision.ACCEPTED,
        )

    panel = public_panel(signed_in.get(url(story)).text)

    assert panel == render_story(story)[1]
    assert "harlowfinch" not in panel and "[e-mail]" in panel


def test_a_review_form_shown_with_the_original_saves_to_the_review_page(signed_in):
    story = story_with_term()

    page = signed_in.post(url(story, "admin:archive_story_original")).text
    assert f'<form method="post" action="{url(story)}" class="note-form">' in page
    # A form from an older page that still posts to the original's address is saved too.
    signed_in.post(url(story, "admin:archive_story_original"), {"op": "note", "text": "Seen."})

    assert story.events.filter(action=Action.NOTE).count() == 1
    assert story.events.filter(action=Action.VIEW_ORIGINAL).count() == 1


def test_deciding_a_redaction_with_a_replacement_rerenders_the_public_text(signed_in, moderator):
    story = story_with_term()
    redaction = story.redactions.get()

    signed_in.post(
        url(story),
        {
            "op": "redactions",
            "token": token(story),
            f"decision-{redaction.pk}": Decision.ACCEPTED,
            f"replacement-{redaction.pk}": "[my manager]",
        },
    )

    story.refresh_from_db()
    redaction.refresh_from_db()
    assert render_story(story)[1].startswith("My manager [my manager] followed me")
    assert (redaction.decided_by, redaction.replacement) == (moderator, "[my manager]")
    assert story.events.filter(action=Action.EDIT, actor=moderator).exists()


def test_a_moderator_can_hide_more_words_and_only_offsets_are_stored(signed_in):
    story = make_story(body=BODY)

    response = signed_in.post(
        url(story),
        {
            "op": "add_redaction",
            "token": token(story),
            "words": "Lyon station",
            "kind": RedactionKind.PLACE,
        },
    )

    assert response.status_code == 302
    added = story.redactions.get(source=RedactionSource.MODERATOR)
    assert BODY[added.start : added.end] == "Lyon station"
    assert added.decision == Decision.ACCEPTED
    story.refresh_from_db()
    shown = render_story(story)[1]
    assert "Lyon" not in shown and "[place]" in shown
    assert not any("Lyon" in e.note for e in story.events.all())


def test_hiding_words_that_do_not_appear_says_so_and_adds_nothing(signed_in):
    story = make_story(body=BODY)
    before = story.redactions.count()

    response = signed_in.post(
        url(story),
        {
            "op": "add_redaction",
            "token": token(story),
            "words": "Marseille",
            "kind": RedactionKind.PLACE,
        },
        follow=True,
    )

    assert "do not appear in the account" in response.text
    assert story.redactions.count() == before


def test_content_notes_tags_and_metadata_can_be_edited(signed_in, moderator):
    story = make_story(body=BODY, content_notes=["harassment"])

    signed_in.post(
        url(story),
        {
            "op": "details",
            "token": token(story),
            "content_notes": ["harassment", "stalking"],
            "tags": "transport, Night",
            "language": "en",
            "year": "2016",
            "country": "fr",
            "setting": "public_space",
            "embargo_until": "",
        },
    )

    story.refresh_from_db()
    assert story.content_notes == ["harassment", "stalking"]
    assert story.tags == ["night", "transport"]
    assert (story.year, story.country, story.setting) == (2016, "FR", "public_space")
    edit = story.events.filter(action=Action.EDIT, actor=moderator).get()
    assert "content_notes" in edit.note and "country" in edit.note


def test_invalid_details_are_refused_with_the_form_again(signed_in):
    story = make_story(body=BODY)

    response = signed_in.post(url(story), {"op": "details", "token": token(story), "year": "1700"})

    assert response.status_code == 400
    story.refresh_from_db()
    assert story.year is None


def test_a_stale_save_is_refused_with_a_clear_message(signed_in, moderator):
    story = story_with_term()
    redaction = story.redactions.get()
    stale = token(story)
    # Another moderator saves first.
    moderation.redactions_decide(
        story=story, actor=moderator, token=stale, decisions={redaction.pk: (Decision.PENDING, "")}
    )

    response = signed_in.post(
        url(story),
        {"op": "redactions", "token": stale, f"decision-{redaction.pk}": Decision.REJECTED},
        follow=True,
    )

    assert "Someone else changed this account while you were reading it" in response.text
    redaction.refresh_from_db()
    assert redaction.decision == Decision.PENDING


def test_a_stale_moderation_action_is_refused(client, senior_moderator):
    sign_in_with_otp(client, senior_moderator)
    story = make_story(status=Status.IN_REVIEW)
    stale = token(story)
    moderation.story_details_update(
        story=story,
        actor=senior_moderator,
        token=stale,
        content_notes=["assault"],
        tags=[],
        language="",
        year=None,
        country="",
        setting="",
        embargo_until=None,
    )

    response = client.post(
        reverse("admin:archive_story_moderate", args=[story.pk, "publish"]),
        {"token": stale},
        follow=True,
    )

    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert "Someone else changed this account" in response.text


def test_internal_notes_are_recorded_as_moderation_events(signed_in, moderator):
    story = make_story(body=BODY)

    signed_in.post(url(story), {"op": "note", "text": "Checked with the contributor by e-mail."})
    refused = signed_in.post(url(story), {"op": "note", "text": ""})

    note = story.events.get(action=Action.NOTE)
    assert (note.actor, note.note) == (moderator, "Checked with the contributor by e-mail.")
    assert refused.status_code == 400
    assert "Checked with the contributor" in signed_in.get(url(story)).text


def test_consent_history_and_earlier_events_are_shown(signed_in):

    story = make_story(body=BODY)
    consents.consent_record(story=story, scopes={"publish": True, "research": False}, method="web")

    page = signed_in.get(url(story)).text

    assert page.count("(Web form)</td>") == 2
    assert page.count('<tr class="consent-current">') == 1
    assert "Consent changed" in page and "Submitted" in page


def test_re_identification_warnings_are_shown(signed_in):
    story = make_story(body=BODY)
    from archive.models import Story

    Story.objects.filter(pk=story.pk).update(
        risk_flags=[
            {
                "code": "employer_role",
                "reason": "Names a small employer",
                "kinds": ["organisation", "name"],
            }
        ]
    )

    page = signed_in.get(url(story)).text
    assert "Names a small employer" in page
    assert "(details: organisation, name)" in page


def test_the_session_counts_accounts_read_and_suggests_a_break(signed_in, moderator):
    moderator.break_reminder_after = 2
    moderator.save()
    first, second = make_story(body=BODY), make_story(body=BODY)

    signed_in.get(url(first))
    again = signed_in.get(url(first))
    assert again.context["reading_count"] == 1 and not again.context["suggest_break"]
    page = signed_in.get(url(second))

    assert page.context["reading_count"] == 2
    assert "good moment for a break" in page.text


def test_an_unknown_operation_is_refused(signed_in):
    story = make_story(body=BODY)
    assert signed_in.post(url(story), {"op": "explode"}).status_code == 400


def test_the_review_page_runs_a_bounded_number_of_queries(signed_in, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = story_with_term()
    signed_in.get(url(story))
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url(story))
    for n in range(15):
        moderation.note_add(story=story, actor=moderator, text=f"note {n}")
        Redaction.objects.create(
            story=story,
            start=n,
            end=n + 1,
            kind=RedactionKind.DATE,
            source=RedactionSource.MODERATOR,
            decision=Decision.ACCEPTED,
            decided_by=moderator,
        )
    with CaptureQueriesContext(connection) as many:
        signed_in.get(url(story))

    assert len(many) == len(few)


def test_moderation_pages_have_no_inline_script_or_style(signed_in):
    import re

    story = story_with_term()
    pages = [
        signed_in.get(reverse("admin:archive_story_changelist")).text,
        signed_in.get(url(story)).text,
        signed_in.post(url(story, "admin:archive_story_original")).text,
        signed_in.get(reverse("admin:archive_story_wellbeing")).text,
    ]

    for page in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
        assert " style=" not in page


def test_the_review_page_points_to_an_earlier_copy_of_the_same_words(signed_in):
    first = make_story(body=BODY)
    copy = make_story(body=BODY)
    copy.near_duplicate_of = first
    copy.save(update_fields=["near_duplicate_of"])

    page = signed_in.get(url(copy)).text
    assert "Possible duplicate" in page
    assert url(first) in page
    assert "Possible duplicate" not in signed_in.get(url(first)).text


def test_a_draft_is_never_shown_to_moderators(signed_in):
    from archive.stories import services

    draft = services.story_draft_save(body="Not sent yet: my manager Jean Dupont.")

    assert signed_in.get(url(draft)).status_code == 404
    queue = signed_in.get(reverse("admin:archive_story_changelist") + "?queue=all").text
    assert draft.public_id not in queue

"""Every writer goes through the one public-view hook, and the hook does the same each time.

For a published, indexed story, each writer below changes what the public may see. The
test runs it inside a transaction and checks, before the transaction ends, that the
version went up by exactly one and the search entry is already gone (the page and the
index change together); after commit, that indexing was enqueued exactly when the story
is still public, and that the public text is stored only while it is.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from archive import queue
from archive.models import ModerationEvent, Story
from archive.moderation import selectors
from archive.moderation import services as moderation
from archive.search.models import SearchEntry
from archive.stories import consents, lifecycle, services
from archive.vocabulary import RedactionKind, Status
from tests.factories import ALL_SCOPES, make_story

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
BODY = "Max Ruiz cornered me at the Lyon depot in 2017. #MeToo"


def _contributor_edit(story, moderator):
    services.story_edit(story=story, changes={"body": BODY + " It went on for months."})


def _consent_withdrawn(story, moderator):
    consents.consent_change(story=story, scopes={**ALL_SCOPES, "publish": False})


def _embargo_added(story, moderator):
    consents.consent_change(
        story=story, scopes=ALL_SCOPES, embargo_until=timezone.localdate() + timedelta(days=30)
    )


def _moderator_hides_a_word(story, moderator):
    moderation.redaction_add(
        story=story,
        actor=moderator,
        token=selectors.edit_token(story),
        words="cornered me",
        kind=RedactionKind.CUSTOM,
    )


def _moderator_changes_the_country(story, moderator):
    moderation.story_details_update(
        story=story,
        actor=moderator,
        token=selectors.edit_token(story),
        content_notes=story.content_notes,
        tags=story.tags,
        language=story.language,
        year=story.year,
        country="BE",
        setting=story.setting,
        embargo_until=story.embargo_until,
    )


def _withdraw(story, moderator):
    services.story_withdraw(story=story)


def _reject(story, moderator):
    moderation.story_moderate(
        story=story, action=Action.REJECT, actor=moderator, note="Identifies a colleague."
    )


def _erase(story, moderator):
    services.story_erase(story=story, actor_kind="contributor")


# writer, and whether the story is still public afterwards
WRITERS = [
    (_contributor_edit, False),
    (_consent_withdrawn, False),
    (_embargo_added, False),
    (_moderator_hides_a_word, True),
    (_moderator_changes_the_country, True),
    (_withdraw, False),
    (_reject, False),
    (_erase, False),
]


@pytest.fixture
def published():
    """A published story, indexed as production indexes it: by the task, on commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        story = make_story(status=Status.PUBLISHED, body=BODY, country="FR")
    assert SearchEntry.objects.filter(story=story).exists()
    return story


@pytest.fixture
def sent(monkeypatch):
    """The tasks enqueued from here on, by name (instead of running them)."""
    calls: list[tuple[str, tuple]] = []
    monkeypatch.setattr(queue, "send", lambda name, *args: calls.append((name, args)))
    return calls


@pytest.mark.parametrize(
    ("writer", "stays_public"), WRITERS, ids=lambda w: getattr(w, "__name__", "")
)
def test_every_writer_changes_the_public_view_through_the_one_hook(
    writer, stays_public, moderator, senior_moderator, published, sent
):
    story = published
    before = story.version
    actor = senior_moderator if writer is _reject else moderator

    with TestCase.captureOnCommitCallbacks(execute=True):
        with transaction.atomic():
            writer(story, actor)
            # Still inside the writer's transaction: the old entry is already gone.
            assert not SearchEntry.objects.filter(story=story).exists()
            assert Story.objects.get(pk=story.pk).version == before + 1

    story.refresh_from_db()
    assert story.version == before + 1
    assert Story.objects.public().filter(pk=story.pk).exists() is stays_public
    assert sent.count((queue.INDEX_STORY, (story.pk,))) == (1 if stays_public else 0)
    if stays_public or story.status == Status.PUBLISHED and story.embargo_until is not None:
        assert story.public_body
    if story.status != Status.PUBLISHED or not story.current_consent().publish:
        assert (story.public_title, story.public_body) == ("", "")


def test_a_moderators_hide_changes_the_stored_public_text_at_once(moderator, published, sent):
    story = published
    _moderator_hides_a_word(story, moderator)
    story.refresh_from_db()
    assert "cornered" not in story.public_body and "[removed]" in story.public_body


def test_publishing_stores_the_public_text_and_enqueues_indexing_once(sent):
    story = make_story(status=Status.IN_REVIEW, body=BODY)
    assert (story.public_title, story.public_body) == ("", "")
    before = story.version

    with TestCase.captureOnCommitCallbacks(execute=True):
        lifecycle.transition(story, Action.PUBLISH)

    story.refresh_from_db()
    assert story.version == before + 1
    assert story.public_body.endswith("#MeToo")
    assert sent == [(queue.INDEX_STORY, (story.pk,))]


def test_changes_to_a_story_that_was_never_public_leave_the_public_view_alone(sent):
    story = make_story(status=Status.IN_REVIEW, body=BODY)
    before = story.version

    with TestCase.captureOnCommitCallbacks(execute=True):
        consents.consent_change(story=story, scopes={**ALL_SCOPES, "publish": False})
        services.story_edit(story=story, changes={"title": "A new title"})

    story.refresh_from_db()
    assert story.version == before
    assert (story.public_title, story.public_body) == ("", "")
    assert sent.count((queue.INDEX_STORY, (story.pk,))) == 0


def test_an_import_never_touches_the_public_view(sent):
    story = make_story(status=Status.AWAITING_CONSENT, body=BODY)
    assert story.version == 1
    assert (story.public_title, story.public_body) == ("", "")
    assert not SearchEntry.objects.filter(story=story).exists()

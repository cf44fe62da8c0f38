from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from archive.models import ModerationEvent
from archive.vocabulary import Status
from tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_an_intact_chain_verifies(capsys):
    make_story(status=Status.PUBLISHED)
    call_command("verify_audit_chain")
    assert "intact" in capsys.readouterr().out


def test_an_edited_event_breaks_the_chain():
    make_story(status=Status.PUBLISHED)
    event = ModerationEvent.objects.order_by("id")[1]
    ModerationEvent.objects.filter(pk=event.pk).update(note="quietly changed")
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit_chain")


def test_a_deleted_event_breaks_the_chain():
    make_story(status=Status.PUBLISHED)
    ModerationEvent.objects.filter(pk=ModerationEvent.objects.order_by("id")[1].pk).delete()
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit_chain")


def _intact() -> bool:
    from archive.stories import audit

    return not list(audit.verify_chain())


def test_events_in_one_transaction_chain_to_each_other_reading_the_head_once(
    django_assert_num_queries,
):
    from django.db import transaction

    from archive.stories import audit

    story = make_story(status=Status.SUBMITTED)
    with transaction.atomic():
        audit.event_record(story=story, action=ModerationEvent.Action.START_REVIEW)
        # The chain is still this transaction's: only the insert, no lock, no head read.
        with django_assert_num_queries(1):
            audit.event_record(story=story, action=ModerationEvent.Action.REQUEST_CHANGES)
    assert _intact()


def test_an_event_rolled_back_with_its_savepoint_is_not_chained_to():
    from django.db import transaction

    from archive.stories import audit

    story = make_story(status=Status.SUBMITTED)
    with transaction.atomic():
        audit.event_record(story=story, action=ModerationEvent.Action.START_REVIEW)
        try:
            with transaction.atomic():
                audit.event_record(story=story, action=ModerationEvent.Action.REQUEST_CHANGES)
                raise RuntimeError("the caller changes its mind")
        except RuntimeError:
            pass
        audit.event_record(story=story, action=ModerationEvent.Action.REJECT)
    assert _intact()


def test_events_built_for_a_bulk_write_make_the_next_event_read_the_head_again():
    from django.db import transaction

    from archive.stories import audit

    story = make_story(status=Status.SUBMITTED)
    with transaction.atomic():
        audit.event_record(story=story, action=ModerationEvent.Action.START_REVIEW)
        built = audit.events_build(story_ids=[story.pk], action=ModerationEvent.Action.EDIT)
        ModerationEvent.objects.bulk_create(built)
        audit.event_record(story=story, action=ModerationEvent.Action.REJECT)
    assert _intact()

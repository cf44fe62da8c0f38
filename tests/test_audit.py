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

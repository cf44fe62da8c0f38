"""Check that no moderation event was edited, removed or inserted out of order."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.models import ModerationEvent
from archive.stories.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the moderation audit trail; exits 1 if it is broken."

    def handle(self, *args, **options) -> None:
        broken = list(verify_chain())
        total = ModerationEvent.objects.count()
        if broken:
            for event in broken[:50]:
                self.stderr.write(
                    f"Event {event.pk} ({event.created_at:%Y-%m-%d %H:%M}) does not match the chain."
                )
            raise CommandError(f"The audit trail is broken at {len(broken)} of {total} events.")
        self.stdout.write(self.style.SUCCESS(f"The audit trail is intact ({total} events)."))

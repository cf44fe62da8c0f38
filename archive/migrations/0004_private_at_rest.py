"""Nothing identifying in clear at rest, and detection that knows which text it saw.

- Pseudonyms, moderation notes, report details and uploaded file names become encrypted
  columns; existing values are encrypted here.
- The audit chain now covers a digest of each note rather than the note, so erasing a
  story can empty its notes without breaking the chain. The chain is verified under the
  old rule first (the migration stops if it does not hold), then chained again under the
  new one.
- `text_version` / `detected_version`: stories that may still be detected are marked as
  not yet detected, so the periodic sweep examines them once more (idempotent).
"""

import hashlib
import json

from django.db import migrations, models

import archive.fields
from archive import crypto

_DETECTABLE = ("draft", "awaiting_consent", "submitted", "in_review", "changes_requested")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _hash(event, note_value: str) -> str:
    payload = {
        "story": event.story_id,
        "actor": event.actor_id,
        "actor_kind": event.actor_kind,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "note": note_value,
        "at": event.created_at.isoformat(),
        "prev": event.prev_hash,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def rechain_and_encrypt_notes(apps, schema_editor):
    Event = apps.get_model("archive", "ModerationEvent")
    previous = ""
    for event in Event.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous or event.hash != _hash(event, event.note):
            raise RuntimeError(
                f"The audit chain does not hold at event {event.pk}: run "
                "`manage.py verify_audit_chain` and investigate before migrating."
            )
        previous = event.hash
    previous = ""
    for event in Event.objects.order_by("id").iterator(chunk_size=2000):
        digest = _digest(event.note)
        event.prev_hash = previous
        event.hash = previous = _hash(event, digest)
        Event.objects.filter(pk=event.pk).update(
            note_digest=digest,
            prev_hash=event.prev_hash,
            hash=event.hash,
            note=crypto.encrypt(event.note) if event.note else "",
        )


def encrypt_report_details(apps, schema_editor):
    Report = apps.get_model("archive", "Report")
    for report in Report.objects.exclude(details="").iterator():
        Report.objects.filter(pk=report.pk).update(details=crypto.encrypt(report.details))


def encrypt_column(table: str, column: str):
    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''"  # noqa: S608
            )
            rows = cursor.fetchall()
            for pk, value in rows:
                cursor.execute(
                    f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                    [crypto.encrypt(value), pk],
                )

    return forwards


def mark_detection_due(apps, schema_editor):
    Story = apps.get_model("archive", "Story")
    Story.objects.exclude(status__in=_DETECTABLE).update(detected_version=1)
    Story.objects.filter(status__in=_DETECTABLE, erased_at__isnull=False).update(
        detected_version=1
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_terms_carry_roles_public_text_only_when_published")]

    operations = [
        migrations.AddField(
            model_name="moderationevent",
            name="note_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="story",
            name="detected_version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="story",
            name="text_version",
            field=models.PositiveIntegerField(default=1),
        ),
        # Plain text columns still: read as they are, written encrypted.
        migrations.RunPython(rechain_and_encrypt_notes, migrations.RunPython.noop),
        migrations.RunPython(encrypt_report_details, migrations.RunPython.noop),
        migrations.RunPython(mark_detection_due, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="moderationevent",
            name="note",
            field=archive.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="report",
            name="details",
            field=archive.fields.EncryptedTextField(blank=True, max_length=2000),
        ),
        # Short character columns: widened to text first, then encrypted in place.
        migrations.AlterField(
            model_name="importbatch",
            name="original_filename",
            field=archive.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="story",
            name="pseudonym",
            field=archive.fields.EncryptedTextField(blank=True),
        ),
        migrations.RunPython(
            encrypt_column("archive_importbatch", "original_filename"), migrations.RunPython.noop
        ),
        migrations.RunPython(encrypt_column("archive_story", "pseudonym"), migrations.RunPython.noop),
    ]

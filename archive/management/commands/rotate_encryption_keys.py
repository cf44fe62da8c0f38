"""Re-encrypt every value encrypted at rest with the first key of FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from archive import crypto
from archive.fields import EncryptedTextField
from archive.models import Story

MODELS = [Story]


class Command(BaseCommand):
    help = "Re-encrypt data at rest with the current (first) key, so older keys can be retired."

    def handle(self, *args, **options) -> None:
        total = 0
        for model in MODELS:
            fields = [f for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            table = connection.ops.quote_name(model._meta.db_table)
            for pk in model.objects.values_list("pk", flat=True).iterator():
                with transaction.atomic(), connection.cursor() as cursor:
                    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                    cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # noqa: S608
                    row = cursor.fetchone()
                    if row is None:
                        continue
                    updates = {
                        f.column: crypto.rotate(v) for f, v in zip(fields, row, strict=True) if v
                    }
                    if updates:
                        assignments = ", ".join(
                            f"{connection.ops.quote_name(c)} = %s" for c in updates
                        )
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                            [*updates.values(), pk],
                        )
                        total += 1
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows."))

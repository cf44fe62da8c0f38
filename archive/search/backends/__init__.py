"""The search backend for the default database, chosen by its vendor."""

from __future__ import annotations

from django.db import connection

from archive.search.backends.base import Backend


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from archive.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from archive.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}.")

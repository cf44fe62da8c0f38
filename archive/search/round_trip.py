"""One PostgreSQL statement under its own planner settings, in one round trip.

Shared by the search backend and the vocabulary ("did you mean"), which cannot import
each other. Reads only: it runs on `read_connection()`, the replica for a visitor's public
read (SET LOCAL is allowed on a hot standby: it changes no data).
"""

from __future__ import annotations

from config.db_router import read_connection

# The settings are restored at the end of the same string: inside a caller's transaction
# SET LOCAL would otherwise outlive the statement.
RESET = (
    "SET LOCAL enable_seqscan = on; SET LOCAL enable_bitmapscan = on; "
    "SET LOCAL enable_indexscan = on; SET LOCAL enable_indexonlyscan = on; "
    "SET LOCAL work_mem = DEFAULT; SET LOCAL jit = DEFAULT"
)


def fetch_with_settings(settings: str, sql: str, params: list) -> list[tuple]:
    """Run one statement under SET LOCAL `settings`, in one round trip to the server.

    The settings, the statement and RESET are sent as one string (Django's psycopg cursor
    binds client-side, so a string of several statements is allowed). Outside a
    transaction the server runs such a string as one implicit transaction, so SET LOCAL
    holds for the statement and ends with it; inside a caller's transaction RESET
    restores the defaults. One round trip instead of five (BEGIN, SET, statement, SET,
    COMMIT): on a busy machine each round trip waits for a core.
    """
    with read_connection().cursor() as cursor:
        cursor.execute(f"{settings};\n{sql};\n{RESET}", params)
        while cursor.description is None:
            if not cursor.nextset():  # pragma: no cover - the statement returns rows
                return []
        return cursor.fetchall()

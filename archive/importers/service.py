"""Storing imported posts as accounts: provenance, deduplication, consent rules.

Guarantees, whichever way a file comes in (admin, command, a contributor's upload):

- **No consent, no publication.** A staff import lands accounts as `awaiting_consent` with
  no consent record; the public queryset and the publish policy (archive/stories/policy.py)
  keep them off every public surface until a consent record exists. A contributor's own import records
  their consent like a submission (`services.story_create`, method "import").
- **Idempotent.** (source platform, source id) is unique: importing the same file twice
  adds nothing; running the same batch again (a redelivered task) finishes it.
- **All or nothing per record.** Accounts are written in chunks, each in one transaction;
  if a chunk fails it is written again one account per savepoint, so one bad record is
  reported and skipped while the rest of the batch is imported.
- **Same rows in bulk.** The bulk writer builds what `story_create` writes for a post
  (`post_story_values`), with the same helpers: `story_fields` for the row, the body
  encrypted by its field, `new_public_ids`, one hash-chained audit event per account
  (`audit.events_build`) and the hidden handles of other people
  (`redactions.term_redaction_rows`). Detection of other identifying
  details runs afterwards, once per batch (`import_batch_detect`), not once per account.
- **Nothing about a post's text is logged or reported**: a report names records, never
  their words.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from pathlib import Path
from queue import Queue

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from psycopg.types.json import Json, Jsonb

from archive import crypto, queue
from archive.fields import EncryptedTextField
from archive.identifiers import ERASED_PLATFORM, erased_source_key, new_public_ids
from archive.importers import reader_for, uploads
from archive.importers.base import ImportFileError, Post, Problem, TextColumnMissing
from archive.importers.detect import detect_format
from archive.importers.filters import build_matcher
from archive.importers.fingerprint import text_fingerprint
from archive.importers.pipeline import Tally, accounts
from archive.importers.sources import Limits, open_source
from archive.models import HiddenTerm, ImportBatch, ModerationEvent, Redaction, Story
from archive.stories import audit, lifecycle, redactions, services
from archive.vocabulary import (
    ConsentMethod,
    Decision,
    RedactionKind,
    RedactionSource,
    Source,
    Status,
    plausible_year,
)

logger = logging.getLogger(__name__)

CHUNK = 2000
# A stored upload whose name ends so is Fernet tokens (uploads.write_encrypted).
ENCRYPTED_SUFFIX = ".enc"
MAX_REPORTED_PROBLEMS = 1000
PROGRESS_EVERY_SECONDS = 1.0
# A running batch whose heartbeat is older than this was abandoned by a dead worker.
STALE_AFTER = timedelta(minutes=5)
# Kinds of detail about other people that are hidden unless someone decides otherwise.
DEFAULT_HIDDEN = (RedactionKind.HANDLE, RedactionKind.NAME)


@dataclass
class Report:
    """What became of every record of one import. Holds no post text."""

    tally: Tally = field(default_factory=Tally)
    imported: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    problems: list[dict] = field(default_factory=list)
    format: str = ""

    def add_problem(self, problem: Problem) -> None:
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append(
                {"record": problem.record, "error": problem.reason, "skipped": not problem.is_error}
            )

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "read": self.tally.read,
            "matched": self.tally.matched,
            "not_matched": self.tally.not_matched,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "skipped": self.tally.skipped,
            "errors": self.tally.errors,
            "skipped_by_reason": dict(self.tally.skipped_by_reason),
            "problems": self.problems,
        }


@dataclass(frozen=True)
class ImportSettings:
    """How one file is read and filtered (what the admin form and the command accept)."""

    format: str = ""
    match_all: bool = False
    extra_hashtags: tuple[str, ...] = ()
    extra_phrases: tuple[str, ...] = ()
    mapping: dict = field(default_factory=dict)
    encoding: str = ""
    platform: str = ""

    @classmethod
    def from_options(cls, fmt: str, options: dict) -> ImportSettings:
        return cls(
            format=fmt or "",
            match_all=bool(options.get("match_all")),
            extra_hashtags=tuple(options.get("extra_hashtags") or ()),
            extra_phrases=tuple(options.get("extra_phrases") or ()),
            mapping=dict(options.get("mapping") or {}),
            encoding=options.get("encoding") or "",
            platform=options.get("platform") or "",
        )

    def reader_options(self) -> dict:
        return {"mapping": self.mapping, "encoding": self.encoding, "platform": self.platform}


def _default_limits() -> Limits:
    chorus = settings.CHORUS
    mb = 1024 * 1024
    return Limits(
        max_file_bytes=chorus["IMPORT_MAX_FILE_MB"] * mb,
        max_inflated_bytes=chorus["IMPORT_MAX_INFLATED_MB"] * mb,
        max_members=chorus["IMPORT_MAX_MEMBERS"],
        max_records=chorus["IMPORT_MAX_RECORDS"],
    )


def _bounded(items, limits: Limits):
    """Stop with a clear error past `limits.max_records` records, matched or not."""
    for count, item in enumerate(items, start=1):
        if count > limits.max_records:
            raise ImportFileError(
                gettext(
                    "This file holds more than %(count)s posts, more than we can read in one "
                    "go. Upload only the file with your posts (data/tweets.js or outbox.json)."
                )
                % {"count": f"{limits.max_records:,}"}
            )
        yield item


def read_accounts(
    path: Path,
    how: ImportSettings,
    report: Report,
    *,
    limits=None,
    name=None,
    join_threads: bool = True,
):
    """Open, detect, parse, filter and join: an iterator of matched Posts and Problems."""
    limits = limits or _default_limits()
    source = open_source(path, limits=limits, name=name)
    try:
        fmt = how.format or detect_format(source)
        report.format = fmt
        matcher = build_matcher(
            extra_hashtags=how.extra_hashtags,
            extra_phrases=how.extra_phrases,
            match_all=how.match_all,
        )
        records = _bounded(reader_for(fmt)(source, how.reader_options()), limits)
        yield from accounts(records, matcher, report.tally, join_threads=join_threads)
    finally:
        source.close()


# --- Writing accounts -------------------------------------------------------------------


def post_story_values(post: Post) -> dict:
    """What a post says of the account it becomes: text, language, year and the handles
    of the people it mentions (hidden by default, like a contributor's own terms).

    Arguments of `story_fields`, and so of `story_create`: the bulk writer and a single
    account are built from the same values.
    """
    return {
        "body": post.text,
        "language": post.language,
        "year": plausible_year(post.created_at.year if post.created_at else None),
        "redact_terms": [HiddenTerm(m) for m in post.mentions],
    }


def post_provenance(post: Post, batch: ImportBatch) -> dict:
    """Where an imported account came from (the Story fields of its provenance)."""
    return {
        "import_batch_id": batch.pk,
        "source_platform": post.platform,
        "source_id": post.source_id,
        "source_created_at": post.created_at,
    }


class StoryWriter:
    """Buffers matched posts and writes them as awaiting-consent accounts, in chunks.

    On PostgreSQL, outside any transaction, chunks are written by one background thread
    with its own connection while the next chunk is being read: the database's work
    overlaps the parsing instead of alternating with it. Chunks are still written one at
    a time and in order (a queue of one), so deduplication sees every earlier chunk.
    `flush()` returns when everything handed over is committed.
    """

    def __init__(self, batch: ImportBatch, report: Report, *, chunk: int | None = None) -> None:
        self.batch = batch
        self.report = report
        self.chunk = chunk or CHUNK
        self.buffer: list[Post] = []
        # A batch run again after its worker died already holds some of its accounts:
        # those count as imported, not as duplicates (a post twice in one file is one).
        self.resuming = Story.objects.filter(import_batch=batch).exists()
        self._analyze_at = 10_000
        self._queue: Queue | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self._queue = Queue(maxsize=1)
            self._thread = threading.Thread(target=self._work, name="import-writer", daemon=True)
            self._thread.start()

    def add(self, post: Post) -> None:
        self.buffer.append(post)
        if len(self.buffer) >= self.chunk:
            self._hand_over()

    def flush(self) -> None:
        self._hand_over()
        if self._queue is not None:
            self._queue.join()
        self._raise_failure()

    def close(self) -> None:
        """Write what is left and stop the background writer."""
        try:
            self.flush()
        finally:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()
                self._thread = None

    def _hand_over(self) -> None:
        posts, self.buffer = self.buffer, []
        if not posts:
            return
        self._raise_failure()
        if self._queue is None:
            self._write(posts)
        else:
            self._queue.put(posts)

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def _work(self) -> None:
        try:
            while True:
                posts = self._queue.get()
                try:
                    if posts is None:
                        return
                    if self._failure is None:
                        self._write(posts)
                except BaseException as exc:  # handed to the reading thread
                    self._failure = exc
                finally:
                    self._queue.task_done()
        finally:
            connection.close()

    def _write(self, posts: list[Post]) -> None:
        try:
            with transaction.atomic():
                imported, duplicates, near = self._write_chunk(posts)
        except (DatabaseError, ValueError):
            # One record spoiled the chunk: write each on its own to find and skip it.
            imported = duplicates = near = 0
            for post in posts:
                try:
                    with transaction.atomic():
                        i, d, n = self._write_chunk([post])
                except (DatabaseError, ValueError) as exc:
                    self.report.tally.errors += 1
                    self.report.add_problem(
                        Problem(
                            post.record,
                            f"record {post.record}: could not be stored ({type(exc).__name__}).",
                        )
                    )
                    continue
                imported, duplicates, near = imported + i, duplicates + d, near + n
        self.report.imported += imported
        self.report.duplicates += duplicates
        self.report.near_duplicates += near
        if connection.vendor == "postgresql" and self.report.imported >= self._analyze_at:
            # The per-chunk lookups rely on the planner knowing how big the table has
            # grown; autovacuum lags far behind a bulk import, and with stale statistics
            # PostgreSQL filters the whole platform instead of probing the index.
            self._analyze_at *= 2
            with connection.cursor() as cursor:
                cursor.execute(
                    f"ANALYZE {Story._meta.db_table} (source_platform, source_id, text_fingerprint)"
                )

    def _write_chunk(self, posts: list[Post]) -> tuple[int, int, int]:
        """Write one chunk inside the caller's transaction; returns (imported, dups, near)."""
        batch = self.batch
        fresh: dict[tuple[str, str], Post] = {}
        duplicates = 0
        for post in posts:
            key = (post.platform, post.source_id)
            if key in fresh:
                duplicates += 1
            else:
                fresh[key] = post
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The lookups below are by indexed keys. During a large import the table
                # grows faster than its statistics, and the planner would otherwise scan
                # it whole for every chunk. The setting ends with the chunk's transaction.
                cursor.execute("SET LOCAL enable_seqscan = off")
        by_platform: dict[str, list[str]] = {}
        for platform, source_id in fresh:
            by_platform.setdefault(platform, []).append(source_id)
        already_here = 0
        for platform, ids in by_platform.items():
            for source_id, batch_id in _existing(platform, ids):
                fresh.pop((platform, source_id), None)
                if batch_id == batch.pk and self.resuming:
                    already_here += 1
                else:
                    duplicates += 1
        if not fresh:
            return already_here, duplicates, 0

        prints = {key: text_fingerprint(post.text) for key, post in fresh.items()}
        earlier = _earliest_with(list({p for p in prints.values() if p}))
        now = timezone.now()
        constant = {
            "source": Source.IMPORT,
            "status": Status.AWAITING_CONSENT,
            "created_at": now,
            "updated_at": now,
        }
        firsts: list[dict] = []
        repeats: list[dict] = []
        seen_prints: set[str] = set()
        for (key, post), public_id in zip(fresh.items(), new_public_ids(len(fresh)), strict=True):
            fp = prints[key]
            values = post_story_values(post)
            row = {
                **constant,
                **services.story_fields(**values),
                **post_provenance(post, batch),
                "public_id": public_id,
                "text_fingerprint": fp,
                "near_duplicate_of_id": earlier.get(fp),
                "_terms": values["redact_terms"],
            }
            if fp and fp not in earlier and fp in seen_prints:
                repeats.append(row)
            else:
                seen_prints.add(fp)
                firsts.append(row)
        stories = firsts + repeats
        for row, pk in zip(stories, _new_story_ids(len(stories)), strict=True):
            row["id"] = pk
        if repeats:
            first_of = {r["text_fingerprint"]: r["id"] for r in firsts if r["text_fingerprint"]}
            for row in repeats:
                row["near_duplicate_of_id"] = first_of.get(row["text_fingerprint"])
        redaction_rows = [
            redaction
            for row in stories
            for redaction in redactions.term_redaction_rows(
                row["id"], row["body"], row.pop("_terms"), now
            )
        ]
        events = audit.events_build(
            story_ids=[row["id"] for row in stories],
            action=ModerationEvent.Action.CREATE,
            actor=batch.created_by,
            actor_kind="system",
            to_status=Status.AWAITING_CONSENT,
            note="import",
        )
        _insert(Story, stories, _STORY_VARYING)
        _insert(Redaction, redaction_rows, _REDACTION_VARYING)
        _insert(ModerationEvent, [_event_row(e) for e in events], _EVENT_VARYING)
        near = sum(1 for row in stories if row["near_duplicate_of_id"])
        return already_here + len(stories), duplicates, near


# The fields that differ between the rows of one chunk; every other field has the same
# value in all of them (computed once per chunk, with the field's own conversion).
_STORY_VARYING = frozenset(
    {
        "id",
        "public_id",
        "body",
        "redact_terms",
        "language",
        "year",
        "source_platform",
        "source_id",
        "source_created_at",
        "text_fingerprint",
        "near_duplicate_of_id",
    }
)
_EVENT_VARYING = frozenset({"story_id", "prev_hash", "hash"})
_REDACTION_VARYING = frozenset({"story_id", "start", "end", "kind", "replacement"})


def _new_story_ids(count: int) -> list[int]:
    """Primary keys for new stories before they are written (events point at them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Story._meta.db_table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # SQLite serialises writers: the chunk's transaction holds the write lock.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Story._meta.db_table}")  # noqa: S608
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def _insert(model, rows: list[dict], varying: frozenset[str]) -> None:
    """Write `rows` (field attname -> value) of one model: COPY on PostgreSQL.

    Every concrete field is written and converted by the field itself (EncryptedTextField
    encrypts), so a field added to the model later is written with its default. Fields
    outside `varying` hold the same value in every row: they are converted once.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    template = model(**rows[0])
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    getters = []
    for f in fields:
        if f.attname in varying:
            if isinstance(f, EncryptedTextField):
                getters.append(lambda row, a=f.attname: crypto.encrypt(v) if (v := row[a]) else v)
            else:
                getters.append(itemgetter(f.attname))
        else:
            value = f.get_db_prep_save(f.pre_save(template, add=True), connection)
            if isinstance(value, Json | Jsonb):
                # COPY's text format takes JSON as text: dump the constant once, not per row.
                value = json.dumps(value.obj)
            getters.append(lambda _row, v=value: v)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,  # noqa: S608
    ):
        for row in rows:
            copy.write_row([get(row) for get in getters])


# On PostgreSQL one array parameter instead of a thousand-item IN list: cheaper to send
# and plan. The explicit `<> ''` lets the planner use the partial indexes.
def _story_sql(template: str) -> str:
    """`template` with the story table and columns named from the model."""
    meta = Story._meta
    quote = connection.ops.quote_name
    names = {f.name: quote(f.column) for f in meta.concrete_fields}
    return template.format(table=quote(meta.db_table), **names)


_EXISTING_SQL = (
    "SELECT {source_id}, {import_batch} FROM {table} "
    "WHERE {source_platform} = %s AND {source_id} = ANY(%s) AND {source_id} <> ''"
)
_EARLIEST_SQL = (
    "SELECT {text_fingerprint}, MIN({id}) FROM {table} "
    "WHERE {text_fingerprint} = ANY(%s) AND {text_fingerprint} <> '' GROUP BY {text_fingerprint}"
)


def _point_lookup(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _existing(platform: str, source_ids: list[str]) -> list[tuple[str, int | None]]:
    """(source id, import batch) of the posts already stored, erased ones included.

    An erased story keeps only a keyed hash of its post (identifiers.erased_source_key):
    the post is still recognised, and skipped, so an erased account never comes back.
    """
    erased = {erased_source_key(platform, sid): sid for sid in source_ids}
    if connection.vendor == "postgresql":
        found = _point_lookup(_story_sql(_EXISTING_SQL), [platform, source_ids])
        gone = _point_lookup(_story_sql(_EXISTING_SQL), [ERASED_PLATFORM, list(erased)])
    else:
        stored = Story.objects.values_list("source_id", "import_batch_id")
        found = list(stored.filter(source_platform=platform, source_id__in=source_ids))
        gone = list(stored.filter(source_platform=ERASED_PLATFORM, source_id__in=list(erased)))
    return [*found, *((erased[key], None) for key, _batch in gone)]


def already_imported(platform: str, source_id: str) -> bool:
    return bool(_existing(platform, [source_id]))


def _earliest_with(fingerprints: list[str]) -> dict[str, int]:
    if not fingerprints:
        return {}
    if connection.vendor == "postgresql":
        return dict(_point_lookup(_story_sql(_EARLIEST_SQL), [fingerprints]))
    return dict(
        Story.objects.filter(text_fingerprint__in=fingerprints)
        .values("text_fingerprint")
        .annotate(first=Min("id"))
        .values_list("text_fingerprint", "first")
    )


def _event_row(event: ModerationEvent) -> dict:
    return {
        f.attname: getattr(event, f.attname)
        for f in ModerationEvent._meta.concrete_fields
        if not f.primary_key
    }


@transaction.atomic
def story_continue_thread(*, story: Story, post: Post) -> bool:
    """Append a self-reply thread's later posts to the account of its first post.

    Only for an account this same import created and nobody has consented to or reviewed
    yet. Idempotent: text already appended is not appended again. Returns True if changed.
    """
    story = lifecycle.lock(story)
    addition = post.text.strip()
    if addition in story.body:
        return False
    story.body = f"{story.body.rstrip()}\n\n{addition}"
    story.hidden_terms = [*story.hidden_terms, *post.mentions]
    story.text_fingerprint = text_fingerprint(story.body)
    story.text_version += 1
    story.save(
        update_fields=["body", "redact_terms", "text_fingerprint", "text_version", "updated_at"]
    )
    redactions.terms_apply(story=story)
    audit.event_record(
        story=story, action=ModerationEvent.Action.NOTE, actor_kind="system", note="thread joined"
    )
    queue.enqueue_on_commit(queue.DETECT_PII, story.pk)
    return True


# --- Running an import ------------------------------------------------------------------


def import_file(
    *,
    path: Path,
    batch: ImportBatch,
    how: ImportSettings,
    limits: Limits | None = None,
    progress: Callable[[Report], None] | None = None,
) -> Report:
    """Import every matched account of one file into `batch`, as awaiting consent.

    Raises ImportFileError when the file as a whole cannot be read; records before the
    point of failure stay imported (each chunk is its own transaction).
    """
    report = Report()
    writer = StoryWriter(batch, report)
    try:
        _import_items(path, batch, how, limits, progress, report, writer)
    except ImportFileError as exc:
        # What was read before the file broke stays imported, and is reported.
        writer.close()
        exc.report = report  # type: ignore[attr-defined]
        raise
    except BaseException:
        with contextlib.suppress(Exception):
            writer.close()
        raise
    writer.close()
    if progress:
        progress(report)
    return report


def _import_items(path, batch, how, limits, progress, report: Report, writer: StoryWriter) -> None:
    last = time.monotonic()
    for item in read_accounts(
        path, how, report, limits=limits, name=batch.original_filename or None
    ):
        if isinstance(item, Problem):
            report.add_problem(item)
        elif item.continues:
            writer.flush()
            root = Story.objects.filter(
                source_platform=item.platform, source_id=item.continues
            ).first()
            if root is not None:
                if root.import_batch_id == batch.pk and root.status == Status.AWAITING_CONSENT:
                    story_continue_thread(story=root, post=item)
                # Otherwise the thread is an account from an earlier import already: its
                # first post was counted (as a duplicate) when it was read.
            elif item.matched:
                report.tally.matched += 1
                writer.add(item)
            else:
                report.tally.not_matched += 1
        else:
            writer.add(item)
        if progress and time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
            progress(report)
            last = time.monotonic()


def _save_progress(batch: ImportBatch, report: Report, **extra) -> None:
    data = report.as_dict()
    ImportBatch.objects.filter(pk=batch.pk).update(
        format=report.format or batch.format,
        read=data["read"],
        matched=data["matched"],
        imported=data["imported"],
        duplicates=data["duplicates"],
        skipped=data["skipped"],
        errors=data["problems"],
        heartbeat_at=timezone.now(),
        **extra,
    )


def import_batch_run(*, batch_id: int) -> str:
    """Process an uploaded ImportBatch: the work of the Celery task. Idempotent.

    A batch that is done or failed is left alone, as is one that another worker is
    importing right now (fresh heartbeat). One abandoned by a dead worker is imported
    again from the start: what it had stored counts as imported, not as duplicates. The
    uploaded file is deleted afterwards, whatever the outcome.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED):
            return batch.state if batch else "missing"
        fresh = batch.heartbeat_at and timezone.now() - batch.heartbeat_at < STALE_AFTER
        if batch.state == ImportBatch.State.RUNNING and fresh:
            return "running elsewhere"
        batch.state = ImportBatch.State.RUNNING
        batch.started_at = batch.started_at or timezone.now()
        batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["state", "started_at", "heartbeat_at"])

    if not batch.file:
        return _finish(
            batch, Report(), ImportFileError(gettext("The uploaded file is no longer there."))
        )
    if batch.file.name.endswith(ENCRYPTED_SUFFIX):
        # Decrypted to a private temporary file only while it is read (zips need to seek).
        try:
            with batch.file.open("rb") as stored, uploads.decrypted_copy(stored) as path:
                return batch_import_path(batch=batch, path=path)
        finally:
            _delete_upload(batch)
    # A batch stored before uploads were encrypted.
    return batch_import_path(batch=batch, path=Path(batch.file.path))


def dataset_upload_store(*, batch: ImportBatch, upload) -> ImportBatch:
    """Keep a staff upload for `batch` encrypted at rest, as a contributor's upload is.

    The admin saves the batch without its file, then calls this: the bytes are written
    only as Fernet tokens (uploads.write_encrypted), under a random name, and
    `import_batch_run` deletes them when the import ends, whatever the outcome.
    """
    _store_encrypted(batch, upload, "dataset")
    return batch


def _store_encrypted(batch: ImportBatch, upload, folder: str) -> None:
    """Write `upload` as Fernet tokens only, under a random name that says nothing about
    whose it is, and point `batch` at it."""
    name = f"imports/{folder}/{batch.pk}-{secrets.token_hex(16)}{ENCRYPTED_SUFFIX}"
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        uploads.write_encrypted(upload.chunks(), out)
    batch.file.name = name
    batch.save(update_fields=["file"])


def batch_import_path(
    *, batch: ImportBatch, path: Path, progress: Callable[[Report], None] | None = None
) -> str:
    """Import `path` into `batch`, keep its counters live, and record the final report.

    Used by the task (on the uploaded file, deleted afterwards) and by the command (on a
    local file, left alone). Returns the batch's final state.
    """
    how = ImportSettings.from_options(batch.format, batch.options)
    report = Report()
    failure: ImportFileError | None = None

    def on_progress(r: Report) -> None:
        _save_progress(batch, r)
        if progress:
            progress(r)

    try:
        report = import_file(path=path, batch=batch, how=how, progress=on_progress)
    except ImportFileError as exc:
        failure = exc
        report = getattr(exc, "report", report)
    finally:
        if batch.file and Path(batch.file.path) == path:
            _delete_upload(batch)
    return _finish(batch, report, failure)


def _finish(batch: ImportBatch, report: Report, failure: ImportFileError | None) -> str:
    state = ImportBatch.State.FAILED if failure else ImportBatch.State.DONE
    summary = {k: v for k, v in report.as_dict().items() if k != "problems"}
    _save_progress(
        batch,
        report,
        state=state,
        error=str(failure or ""),
        finished_at=timezone.now(),
        options={**batch.options, "report": summary},
        file="",
    )
    queue.enqueue_on_commit(queue.DETECT_IMPORT_BATCH, batch.pk)
    return state


def import_batches_resume(*, older_than: timedelta = STALE_AFTER) -> list[int]:
    """Enqueue again every staff batch whose task was lost: still waiting after
    `older_than` (the broker was down at upload), or running with a stale heartbeat (its
    worker died). Idempotent: the task leaves live and finished batches alone."""
    cutoff = timezone.now() - older_than
    ids = list(
        ImportBatch.objects.filter(kind=ImportBatch.Kind.DATASET)
        .filter(
            Q(state=ImportBatch.State.PENDING, created_at__lt=cutoff)
            | Q(state=ImportBatch.State.RUNNING, heartbeat_at__lt=cutoff)
        )
        .values_list("pk", flat=True)
    )
    for batch_id in ids:
        queue.send(queue.IMPORT_BATCH, batch_id)
    return ids


def _delete_upload(batch: ImportBatch) -> None:
    if batch.file:
        try:
            batch.file.delete(save=False)
        except OSError:
            pass


def import_batch_detect(*, batch_id: int, chunk: int = 500) -> int:
    """Suggest redactions for every account of a batch, hiding others' names and handles.

    Runs `redactions.redactions_detect` on each account (the same detectors as a
    submission), then accepts the still-undecided name and handle suggestions: other
    people are hidden by default and a moderator can show them again. Idempotent: a
    decision already taken is never changed. Returns the number of accounts processed.
    """
    done = 0
    last_id = 0
    while True:
        ids = list(
            Story.objects.filter(import_batch_id=batch_id, pk__gt=last_id, erased_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:chunk]
        )
        if not ids:
            return done
        for story in Story.objects.filter(pk__in=ids):
            story_redactions_default(story=story)
            done += 1
        last_id = ids[-1]


@transaction.atomic
def story_redactions_default(*, story: Story) -> int:
    """Detect identifying details and hide other people's names and handles by default.

    The handles a post mentions are already hidden (they arrive as hidden terms); the
    names and handles the detectors find are hidden too until a moderator decides.
    Returns the number of spans stored.
    """
    count = redactions.redactions_detect(story=story)
    story.redactions.filter(
        kind__in=DEFAULT_HIDDEN, decision=Decision.PENDING, source=RedactionSource.AUTOMATIC
    ).update(decision=Decision.ACCEPTED, decided_at=timezone.now())
    return count


# --- A contributor's own export ---------------------------------------------------------

PREVIEW_LIMIT = 500


def contributor_limits() -> Limits:
    mb = 1024 * 1024
    chorus = settings.CHORUS
    return Limits(
        max_file_bytes=chorus["IMPORT_CONTRIBUTOR_MAX_FILE_MB"] * mb,
        max_inflated_bytes=chorus["IMPORT_CONTRIBUTOR_MAX_INFLATED_MB"] * mb,
        max_members=chorus["IMPORT_CONTRIBUTOR_MAX_MEMBERS"],
        max_records=chorus["IMPORT_CONTRIBUTOR_MAX_RECORDS"],
    )


def contributor_preview_build(
    *,
    batch: ImportBatch,
    path: Path,
    how: ImportSettings,
    progress: Callable[[Report], None] | None = None,
) -> Report:
    """Read a contributor's upload and keep the matched posts, encrypted, for them to choose.

    Nothing is stored as an account yet. The preview (at most PREVIEW_LIMIT posts) is
    kept encrypted in the batch. `path` is the caller's to delete (`uploads.decrypted_copy`).
    `progress` is called about once a second with the report so far; it may raise
    ImportFileError to stop reading.
    """
    report = Report()
    posts: list[dict] = []
    last = time.monotonic()
    for item in read_accounts(
        path, how, report, limits=contributor_limits(), name=batch.original_filename
    ):
        if progress and time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
            progress(report)
            last = time.monotonic()
        _preview_add(item, posts, report)
    if report.tally.read and report.tally.errors == report.tally.read and report.problems:
        # Not one post could be read: say why, rather than show an empty choice.
        raise ImportFileError(
            gettext("We could not read any post from this file: %(reason)s")
            % {"reason": report.problems[0]["error"]}
        )
    batch.options = {
        **batch.options,
        "preview": crypto.encrypt(json.dumps(posts)),
        "report": {k: v for k, v in report.as_dict().items() if k != "problems"},
    }
    batch.format = report.format
    batch.state = ImportBatch.State.PENDING
    batch.read, batch.matched = report.tally.read, report.tally.matched
    batch.skipped, batch.errors = report.tally.skipped, report.problems
    batch.file = ""
    batch.save()
    return report


def _preview_add(item: Post | Problem, posts: list[dict], report: Report) -> None:
    if isinstance(item, Problem):
        report.add_problem(item)
        return
    if item.continues:
        root = next((p for p in posts if p["source_id"] == item.continues), None)
        if root is not None:
            root["text"] = f"{root['text'].rstrip()}\n\n{item.text.strip()}"
            root["mentions"] = list(dict.fromkeys(root["mentions"] + list(item.mentions)))
            return
        if not item.matched:
            report.tally.not_matched += 1
            return
        report.tally.matched += 1
    if len(posts) >= PREVIEW_LIMIT:
        return
    posts.append(
        {
            "platform": item.platform,
            "source_id": item.source_id,
            "text": item.text,
            "created_at": item.created_at.isoformat() if item.created_at else "",
            "language": item.language,
            "mentions": list(item.mentions),
            "record": item.record,
        }
    )


def contributor_upload_store(*, user, upload, fmt: str = "") -> ImportBatch:
    """Keep a contributor's upload, encrypted at rest, and have a worker read it.

    Returns at once with the batch in state RUNNING (no heartbeat until a worker picks
    it up); `archive.read_contributor_upload` is enqueued when the transaction commits
    (in-process when no broker is configured). Nothing is parsed here.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.CONTRIBUTOR,
            format=fmt,
            original_filename=Path(upload.name).name[:255],
            created_by=user,
            state=ImportBatch.State.RUNNING,
            # The worker writes its messages in the contributor's language, not its own.
            options={"language": translation.get_language() or settings.LANGUAGE_CODE},
        )
        _store_encrypted(batch, upload, "contributor")
        queue.enqueue_on_commit(queue.READ_CONTRIBUTOR_UPLOAD, batch.pk)
    return batch


def contributor_upload_read(*, batch_id: int) -> str:
    """Read a stored contributor upload into its encrypted preview: the task's work.

    Idempotent: a batch that is no longer reading, or that another worker is reading
    right now (fresh heartbeat), is left alone. Whatever happens, the stored upload is
    deleted and the batch ends PENDING (preview ready) or FAILED with a message meant
    for the contributor. Reading stops after IMPORT_CONTRIBUTOR_READ_SECONDS.
    """
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, kind=ImportBatch.Kind.CONTRIBUTOR)
            .first()
        )
        if batch is None or batch.state != ImportBatch.State.RUNNING:
            return batch.state if batch else "missing"
        if batch.heartbeat_at and timezone.now() - batch.heartbeat_at < STALE_AFTER:
            return "running elsewhere"
        batch.heartbeat_at = batch.started_at = timezone.now()
        batch.save(update_fields=["heartbeat_at", "started_at"])
    with translation.override(batch.options.get("language") or settings.LANGUAGE_CODE):
        return _contributor_upload_read(batch)


def _contributor_upload_read(batch: ImportBatch) -> str:
    stored_name, storage = batch.file.name, batch.file.storage
    try:
        if not batch.file:
            raise ImportFileError(
                gettext("We could not find your file any more. Please upload it again.")
            )
        with batch.file.open("rb") as stored, uploads.decrypted_copy(stored) as path:
            contributor_preview_build(
                batch=batch,
                path=path,
                how=ImportSettings(format=batch.format),
                progress=_reading_progress(batch),
            )
    except TextColumnMissing:
        # Not an export at all (a note, a spreadsheet): never the staff message, which
        # speaks of a column mapping and would store the file's first line in clear.
        _contributor_fail(
            batch,
            gettext(
                "We could not recognise this file as an export from Twitter/X, Mastodon or "
                "Facebook. Please upload the archive .zip you downloaded, or data/tweets.js, "
                "outbox.json or your_posts_1.json from it."
            ),
        )
    except ImportFileError as exc:
        _contributor_fail(batch, str(exc))
    except DatabaseError:
        raise  # transient: the task retries, and finds the batch still reading
    except Exception as exc:
        # A bug or an exhausted resource: the contributor gets a kind answer, the log the
        # kind of failure only (a message could quote the file).
        logger.error("Reading contributor upload %s failed: %s", batch.pk, type(exc).__name__)
        _contributor_fail(
            batch,
            gettext(
                "Something went wrong on our side while reading this file. Nothing from it "
                "was kept. Please try again later, or upload only data/tweets.js or outbox.json."
            ),
        )
    finally:
        if stored_name:
            with contextlib.suppress(OSError):
                storage.delete(stored_name)
    return ImportBatch.objects.values_list("state", flat=True).get(pk=batch.pk)


def _reading_progress(batch: ImportBatch) -> Callable[[Report], None]:
    seconds = settings.CHORUS["IMPORT_CONTRIBUTOR_READ_SECONDS"]
    deadline = time.monotonic() + seconds

    def progress(report: Report) -> None:
        if time.monotonic() > deadline:
            raise ImportFileError(
                gettext(
                    "Reading this file took longer than %(minutes)s minutes, so we stopped. "
                    "Upload only the file with your posts (data/tweets.js or outbox.json)."
                )
                % {"minutes": max(1, seconds // 60)}
            )
        ImportBatch.objects.filter(pk=batch.pk).update(
            read=report.tally.read, matched=report.tally.matched, heartbeat_at=timezone.now()
        )

    return progress


def _contributor_fail(batch: ImportBatch, message: str) -> None:
    contributor_import_discard(batch=batch, reason=message)


def contributor_preview(batch: ImportBatch) -> list[dict]:
    token = batch.options.get("preview")
    return json.loads(crypto.decrypt(token)) if token else []


def contributor_import_confirm(
    *,
    batch: ImportBatch,
    user,
    chosen: Iterable[str],
    consent: dict[str, bool],
    display_name: str,
    pseudonym: str = "",
    redact_terms: Iterable[str | HiddenTerm] = (),
    content_notes: Iterable[str] = (),
    contact_address: str = "",
    embargo_until=None,
) -> Report:
    """Store the posts the contributor chose, each as their own submitted account.

    Each post goes through `services.story_create` with the contributor's consent (method
    "import"), display name and hidden terms (with their roles), in its own transaction;
    a post already in the archive is reported as a duplicate. The encrypted preview is
    then discarded.
    """
    report = Report()
    chosen_ids = set(chosen)
    terms = HiddenTerm.parse_all(redact_terms)
    for post in contributor_preview(batch):
        if post["source_id"] not in chosen_ids:
            continue
        if already_imported(post["platform"], post["source_id"]):
            report.duplicates += 1
            continue
        created = datetime.fromisoformat(post["created_at"]) if post["created_at"] else None
        fp = text_fingerprint(post["text"])
        earlier = _earliest_with([fp]).get(fp) if fp else None
        try:
            with transaction.atomic():
                story, _code = services.story_create(
                    body=post["text"],
                    language=post["language"],
                    year=plausible_year(created.year if created else None),
                    content_notes=list(content_notes),
                    contact_address=contact_address,
                    embargo_until=embargo_until,
                    display_name=display_name,
                    pseudonym=pseudonym,
                    redact_terms=[*terms, *(HiddenTerm(m) for m in post["mentions"])],
                    consent=consent,
                    consent_method=ConsentMethod.IMPORT,
                    source=Source.IMPORT,
                    contributor=user,
                    import_batch=batch,
                    source_platform=post["platform"],
                    source_id=post["source_id"],
                    source_created_at=created,
                    text_fingerprint=fp,
                    near_duplicate_of_id=earlier,
                )
                story_redactions_default(story=story)
        except IntegrityError:
            report.duplicates += 1
            continue
        report.imported += 1
        report.near_duplicates += bool(earlier)
    batch.options = {k: v for k, v in batch.options.items() if k != "preview"}
    batch.imported, batch.duplicates = report.imported, report.duplicates
    batch.state = ImportBatch.State.DONE
    batch.finished_at = timezone.now()
    batch.save()
    return report


def contributor_import_discard(
    *, batch: ImportBatch, reason: str = "Cancelled by the contributor."
) -> None:
    """Forget an unfinished preview: nothing of it is kept, its upload included."""
    _delete_upload(batch)
    batch.options = {k: v for k, v in batch.options.items() if k != "preview"}
    batch.state = ImportBatch.State.FAILED
    batch.error = reason
    batch.finished_at = timezone.now()
    batch.file = ""
    batch.save()


def contributor_batches_expire(*, preview_age: timedelta = timedelta(days=1)) -> int:
    """Forget what contributors' imports left behind. Idempotent; the periodic task's work.

    A preview nobody confirmed within `preview_age`, and an upload whose reading stopped
    (its worker died: the heartbeat is older than STALE_AFTER), are discarded with their
    encrypted posts and files. Returns how many batches were expired.
    """
    now = timezone.now()
    stuck = Q(state=ImportBatch.State.PENDING, created_at__lt=now - preview_age) | Q(
        Q(heartbeat_at__lt=now - STALE_AFTER)
        | Q(heartbeat_at__isnull=True, created_at__lt=now - STALE_AFTER),
        state=ImportBatch.State.RUNNING,
    )
    expired = 0
    for batch in ImportBatch.objects.filter(stuck, kind=ImportBatch.Kind.CONTRIBUTOR):
        contributor_import_discard(
            batch=batch,
            reason=gettext(
                "Reading this file stopped before it finished, so nothing from it was kept. "
                "Please upload it again."
            ),
        )
        expired += 1
    return expired


def import_batches_forget(*, user) -> int:
    """Delete a person's own import batches and their files (their account is going).

    Their encrypted previews, file names and reports go with them; accounts already made
    from them stay or go with the person's choice (accounts/services.py). Staff dataset
    batches are the archive's and stay, without the link to the person.
    """
    batches = ImportBatch.objects.filter(created_by=user)
    own = batches.filter(kind=ImportBatch.Kind.CONTRIBUTOR)
    for batch in own:
        _delete_upload(batch)
    deleted, _ = own.delete()
    batches.update(created_by=None)
    return deleted

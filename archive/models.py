"""The archive's domain model.

A Story is one person's account. Its original text is encrypted at rest and seen only by
its contributor and moderators; the public text is rendered from the accepted Redaction
spans (archive/anonymise/render.py). What a contributor allows is a chain of append-only
ConsentRecords; what happened to a story is a hash-chained trail of ModerationEvents.
Status changes only through archive/stories/lifecycle.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archive.fields import EncryptedTextField
from archive.identifiers import new_public_id
from archive.vocabulary import (
    YEAR_MAX,
    YEAR_MIN,
    ConsentMethod,
    ContentNote,
    Decision,
    DisplayName,
    RedactionKind,
    RedactionSource,
    ReportReason,
    Setting,
    Source,
    Status,
)


@dataclass(frozen=True, slots=True)
class HiddenTerm:
    """Words a contributor asked to hide wherever they appear, and what to show instead.

    Written one per line as "Paul Martin" or "Paul Martin = my manager" (the role), in
    the web form, the import form and the API alike.
    """

    text: str
    role: str = ""

    MAX_TEXT = 100
    MAX_ROLE = 60  # Redaction.replacement

    @classmethod
    def parse(cls, line: str) -> HiddenTerm | None:
        text, _sep, role = line.partition("=")
        text = " ".join(text.split())[: cls.MAX_TEXT]
        return cls(text, " ".join(role.split())[: cls.MAX_ROLE]) if text else None

    @classmethod
    def parse_all(cls, lines: str | Iterable[str]) -> list[HiddenTerm]:
        """Every term of a textarea value or a list of lines; a repeated term once."""
        if isinstance(lines, str):
            lines = lines.splitlines()
        terms: dict[str, HiddenTerm] = {}
        for line in lines:
            term = line if isinstance(line, HiddenTerm) else cls.parse(line)
            if term is not None:
                terms.setdefault(term.text.casefold(), term)
        return list(terms.values())

    def __str__(self) -> str:
        return f"{self.text} = {self.role}" if self.role else self.text


_NOTE_LABELS = dict(ContentNote.choices)


def _has_note(note: str) -> Q:
    # Quoted in the JSON text, so "assault" never matches "sexual_assault".
    return Q(content_notes__icontains=f'"{note}"')


class StoryQuerySet(models.QuerySet["Story"]):
    def public(self) -> StoryQuerySet:
        """The only door to public data.

        Published, not erased, past any embargo, and with a current consent record that
        allows public publication. Every public surface (pages, search, API, statistics,
        feeds) starts here and reads only the redacted fields.
        """
        return self.filter(
            status=Status.PUBLISHED,
            erased_at__isnull=True,
        ).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=timezone.localdate()),
            Exists(
                ConsentRecord.objects.filter(
                    story=OuterRef("pk"), withdrawn_at__isnull=True, publish=True
                )
            ),
        )

    def for_contributor(self, user) -> StoryQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(contributor=user)

    def without_content_notes(self, notes: Iterable[str]) -> StoryQuerySet:
        """Leave out every story carrying any of `notes` (a reader's or a moderator's choice).

        The one content-note filter of the listing, the API and the moderation queue (the
        search index filters the same notes by its own index terms). Whole list elements
        are compared: quoted in the JSON text, "assault" never matches "sexual_assault".
        Unknown values are ignored.
        """
        queryset = self
        for note in sorted(set(notes) & set(ContentNote.values)):
            queryset = queryset.exclude(_has_note(note))
        return queryset

    def with_content_note(self, note: str) -> StoryQuerySet:
        """Only the stories carrying `note` (the moderation queue's filter); the same
        whole-element comparison as `without_content_notes`. Unknown values match nothing."""
        if note not in ContentNote.values:
            return self.none()
        return self.filter(_has_note(note))


class Story(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    # SHA-256 of the claim code (see hash_claim_code); the code itself is shown once.
    claim_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    # What the contributor wrote. Encrypted; never shown publicly.
    title = EncryptedTextField(_("title"), blank=True)
    body = EncryptedTextField(_("account"), blank=True)
    # Terms the contributor asked to hide everywhere, one HiddenTerm per line. Encrypted:
    # they are often names. Read and written through `hidden_terms`.
    redact_terms = EncryptedTextField(blank=True)
    # How to reach the contributor, only with consent to contact. Encrypted.
    contact_address = EncryptedTextField(blank=True)

    # What the public may see, rendered from accepted redactions (archive/anonymise/render.py).
    public_title = models.CharField(max_length=300, blank=True)
    public_body = models.TextField(blank=True)

    language = models.CharField(_("language"), max_length=8, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text=_("ISO 3166 alpha-2"))
    setting = models.CharField(max_length=20, choices=Setting.choices, blank=True)
    content_notes = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)

    display_name = models.CharField(
        max_length=12, choices=DisplayName.choices, default=DisplayName.ANONYMOUS
    )
    # Shown with a published account only; often a real first name, so encrypted at rest.
    pseudonym = EncryptedTextField(blank=True)

    source = models.CharField(
        pgettext_lazy("where an account came from", "source"),
        max_length=10,
        choices=Source.choices,
        default=Source.WEB,
    )
    import_batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    source_platform = models.CharField(max_length=20, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    source_created_at = models.DateTimeField(null=True, blank=True)
    near_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Keyed hash (HMAC) of the normalised text, so the same words posted twice can be found
    # without storing or comparing plaintext (archive/importers/fingerprint.py).
    text_fingerprint = models.CharField(max_length=32, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Increases on every change that matters to the public view; the search index records
    # the version it was built from, so stale entries can be found.
    version = models.PositiveIntegerField(default=1)
    # Increases whenever the original title or text changes; detection records the one
    # it examined, and a story cannot be published until detection has seen the current
    # text (archive/stories/policy.py). The periodic sweep re-enqueues what it missed.
    text_version = models.PositiveIntegerField(default=1)
    detected_version = models.PositiveIntegerField(default=0)
    embargo_until = models.DateField(null=True, blank=True)
    # Re-identification warnings for moderators (archive/anonymise/risk.py):
    # [{"code": str, "reason": str, "kinds": [str]}], never the details themselves.
    risk_flags = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-created_at"]
        indexes = [
            # The moderation queue: oldest first within a status.
            models.Index(fields=["status", "submitted_at"], name="story_queue_idx"),
            models.Index(fields=["status", "published_at"], name="story_public_idx"),
            # The queue's default order over the accounts waiting for review, read in index
            # order a page at a time (archive/moderation/admin/paging.py). Language and
            # content notes are included so the language filter's choices, the count and a
            # moderator's hidden notes are answered from the index alone.
            models.Index(
                fields=["submitted_at", "created_at", "-id"],
                include=["language", "content_notes"],
                condition=Q(status__in=["submitted", "in_review"]),
                name="story_waiting_idx",
            ),
            # The languages of the waiting accounts (the queue's language filter), found by
            # a skip scan: one index probe per language (selectors.waiting_languages).
            models.Index(
                fields=["language"],
                condition=Q(status__in=["submitted", "in_review"]),
                name="story_waiting_lang_idx",
            ),
            # The same order over every account ("Every account" in the queue).
            models.Index(
                fields=["submitted_at", "created_at", "-id"], name="story_queue_order_idx"
            ),
            # Near-duplicate lookups during imports; most stories have no fingerprint.
            models.Index(
                fields=["text_fingerprint"],
                condition=~Q(text_fingerprint=""),
                name="story_fingerprint_idx",
            ),
        ]
        constraints = [
            # Importing the same post twice adds nothing.
            models.UniqueConstraint(
                fields=["source_platform", "source_id"],
                condition=~Q(source_id=""),
                name="story_unique_source_post",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="story_year_range",
            ),
        ]
        permissions = [
            ("review_story", "Can review stories and decide redactions"),
            ("publish_story", "Can publish stories"),
            ("reject_story", "Can reject stories"),
            ("erase_story", "Can erase stories"),
            ("withdraw_story", "Can withdraw stories on a contributor's request"),
            ("view_original", "Can read the original, unredacted text"),
            ("research_access", "Can read stories shared for research"),
        ]

    def __str__(self) -> str:
        return f"Story {self.public_id}"

    @property
    def hidden_terms(self) -> list[HiddenTerm]:
        return HiddenTerm.parse_all(self.redact_terms)

    @hidden_terms.setter
    def hidden_terms(self, terms: str | Iterable[str | HiddenTerm]) -> None:
        self.redact_terms = "\n".join(str(t) for t in HiddenTerm.parse_all(terms))

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def public_author(self) -> str:
        if self.display_name == DisplayName.ANONYMOUS or not self.pseudonym:
            return str(_("Anonymous"))
        return self.pseudonym

    def content_note_labels(self) -> list[str]:
        # The dict is built once: ContentNote.choices rebuilds its list on every access.
        return [str(_NOTE_LABELS[n]) for n in self.content_notes if n in _NOTE_LABELS]

    def current_consent(self) -> ConsentRecord | None:
        return self.consents.filter(withdrawn_at__isnull=True).order_by("-given_at").first()


class ConsentRecord(models.Model):
    """What a contributor allowed, at one moment, under one version of the consent text.

    Append-only: a change of mind is a new record; the previous one gets its
    `withdrawn_at` and is otherwise never edited. At most one record per story is current.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    consent_version = models.CharField(_("consent version"), max_length=20)
    publish = models.BooleanField(_("publish publicly"))
    research = models.BooleanField(_("research access"))
    quote = models.BooleanField(_("quotation in media"))
    statistics = models.BooleanField(_("aggregate statistics"))
    contact = models.BooleanField(_("may be contacted"))
    method = models.CharField(_("method"), max_length=10, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    SCOPES = ("publish", "research", "quote", "statistics", "contact")

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_current_per_story",
            )
        ]

    def __str__(self) -> str:
        granted = [s for s in self.SCOPES if getattr(self, s)]
        return f"Consent {self.consent_version}: {', '.join(granted) or 'none'}"

    def scopes(self) -> dict[str, bool]:
        return {scope: getattr(self, scope) for scope in self.SCOPES}

    def receipt_hash(self) -> str:
        payload = {
            "story": self.story.public_id,
            "version": self.consent_version,
            "scopes": self.scopes(),
            "given_at": self.given_at.isoformat(),
            "method": self.method,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class Redaction(models.Model):
    """A span of the original title or body to hide in the public text.

    The span's text is never stored here (it is read from the encrypted original), only
    its offsets, so a redaction row leaks nothing.
    """

    class Field(models.TextChoices):
        TITLE = "title", _("title")
        BODY = "body", _("account")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="redactions")
    field = models.CharField(max_length=5, choices=Field.choices, default=Field.BODY)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=RedactionKind.choices)
    source = models.CharField(max_length=12, choices=RedactionSource.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    # What the public reads instead, e.g. "my manager"; empty means the kind's placeholder.
    replacement = models.CharField(max_length=60, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["field", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="redaction_span"),
            models.UniqueConstraint(
                fields=["story", "field", "start", "end"], name="redaction_unique_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.field}[{self.start}:{self.end}] {self.decision}"

    @property
    def placeholder(self) -> str:
        if self.replacement:
            return self.replacement
        return f"[{RedactionKind(self.kind).label}]"


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class ModerationEvent(models.Model):
    """One line of the audit trail. Never edited or deleted.

    Each event's `hash` covers its content and the previous event's hash, so editing or
    removing an event breaks the chain (`manage.py verify_audit_chain`).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        SUBMIT = "submit", _("Submitted")
        RECEIVE_CONSENT = "receive_consent", _("Consent received")
        START_REVIEW = "start_review", _("Review started")
        PUBLISH = "publish", _("Published")
        REQUEST_CHANGES = "request_changes", _("Changes requested")
        REJECT = "reject", _("Rejected")
        WITHDRAW = "withdraw", _("Withdrawn")
        ERASE = "erase", _("Erased")
        EDIT = "edit", _("Edited")
        CONSENT_CHANGE = "consent_change", _("Consent changed")
        REDACTIONS_APPROVED = "redactions_approved", _("Redactions approved")
        VIEW_ORIGINAL = "view_original", _("Original viewed")
        NOTE = "note", _("Internal note")

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "contributor", "system" or "staff": who acted when `actor` is empty or later deleted.
    actor_kind = models.CharField(max_length=12, default="system")
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    # Encrypted: a moderator's note may name people. The chain covers its digest, not the
    # note itself, so erasing a story can empty its notes and the chain still holds.
    note = EncryptedTextField(blank=True)
    note_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["story", "created_at"], name="event_story_idx"),
            # The audit log's newest-first pages.
            models.Index(fields=["-created_at", "-id"], name="event_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.story_id})"

    def compute_hash(self) -> str:
        payload = {
            "story": self.story_id,
            "actor": self.actor_id,
            "actor_kind": self.actor_kind,
            "action": self.action,
            "from": self.from_status,
            "to": self.to_status,
            "note": self.note_digest or digest_of(self.note),
            "at": self.created_at.isoformat(),
            "prev": self.prev_hash,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class Report(models.Model):
    """A visitor's report about a published story. Stores nothing about the visitor."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    # Encrypted: a visitor may quote the account or name someone.
    details = EncryptedTextField(_("details"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    resolved_at = models.DateTimeField(_("dealt with on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("visitor report")
        verbose_name_plural = _("visitor reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.story_id})"


class ImportBatch(models.Model):
    """One uploaded export or dataset, and the report of what became of each record."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        CONTRIBUTOR = "contributor", _("A contributor's own posts")
        DATASET = "dataset", _("A research dataset (staff)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=24, blank=True)
    file = models.FileField(upload_to="imports/", blank=True)
    # Encrypted: file names of exports often carry a person's handle or name.
    original_filename = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    read = models.PositiveIntegerField(_("read"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    # [{"record": int | str, "error": str}], capped; never contains post text.
    errors = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Touched while a worker imports: a redelivered task leaves a live import alone.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.format or 'auto'}, {self.state})"


class PublicTally(models.Model):
    """What one story adds to the public figures now: the cells it counts in.

    Written only by archive/stories/public_view.py, in the transaction that changed the
    story, together with the PublicFigure rows it adds to; a row exists only while the
    story is published with consent to publish. `cells` is a list of [dimension, value].
    """

    story = models.OneToOneField(
        Story, on_delete=models.CASCADE, primary_key=True, related_name="public_tally"
    )
    # The day the story becomes visible: its embargo's end, or date.min without one.
    visible_from = models.DateField()
    cells = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Tally of story {self.story_id}"


class PublicFigure(models.Model):
    """How many public stories count in one cell, by the day they became visible.

    The sum over `visible_from <= today` of a cell is exactly what a full count of
    `Story.objects.public()` (dimension "public") or of the statistics-consented public
    stories (the other dimensions) gives: archive/stories/public_view.py keeps it so in
    every writer's transaction, archive/public/stats.py reads it. Raw counts: never shown
    without archive/public/suppression.py.
    """

    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=32, blank=True)
    visible_from = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "value", "visible_from"], name="public_figure_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} from {self.visible_from}: {self.count}"


class PublicVersion(models.Model):
    """One row whose `token` changes in every transaction that changes the public view.

    Public pages are cached under the token they were rendered at
    (archive/public/page_cache.py), which reads it once per request: a page rendered
    before a withdrawal is never served after it commits. A visitor's read goes to the
    replica only while the replica's token is the primary's (config/db_router.py), so a
    withdrawal sends every public read to the primary until the replica has replayed it.
    A random value, not a
    counter: a change rolled back can never be followed by another one that reuses its
    number (tests roll back every transaction), and nothing needs its order.
    Written only by archive/stories/public_view.py.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"public version {self.token}"

    @classmethod
    def token_at(cls, using: str) -> int | None:
        """The token as database `using` sees it now (None: no change was ever made).

        Raw SQL: it runs before every public page, cached or not."""
        with connections[using].cursor() as cursor:
            cursor.execute(_PUBLIC_VERSION_SQL)
            row = cursor.fetchone()
        return row[0] if row else None


_PUBLIC_VERSION_SQL = f"SELECT token FROM {PublicVersion._meta.db_table} WHERE id = 1"  # noqa: S608


# Areas whose tables belong to this app but whose models live with their code.
from archive.counts.models import CountedDataset, VoiceCount  # noqa: E402, F401
from archive.support.models import SupportService  # noqa: E402, F401

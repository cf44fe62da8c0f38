"""An archive with one readable account and every kind of account that must stay hidden.

Every hidden account shares the marker word `zebrafinch` with the visible one, so a search
for it would surface any leak, and carries a `SECRET` word in its title and text, so one
substring check per response proves nothing hidden got out. The visible account's
original contains an e-mail address that its redacted text replaces with `[e-mail]`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.test import TestCase
from django.utils import timezone

from archive.models import ConsentRecord, Story
from archive.search import index
from archive.stories import consents, lifecycle, services
from archive.stories.public_view import figures_rebuild
from archive.vocabulary import Status
from tests.factories import make_story

MARKER = "zebrafinch"
ORIGINAL_ONLY = "hidden.person@example.org"


def published(**fields) -> Story:
    """A published story, indexed the way production indexes it: by the task on commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        story = make_story(status=Status.PUBLISHED, **fields)
    return story


def published_many(n: int, **fields) -> list[Story]:
    """`n` published, indexed stories, for tests that need many rather than varied ones.

    The first goes through the real lifecycle; the others copy its rows (story and consent
    record) with their own public id and numbered text, and are indexed in one batch by the
    engine's own indexer. Much faster than `n` lifecycles, and the same rows to a reader.
    """
    first = make_story(
        status=Status.PUBLISHED, title="Account 0", body="storeroom account 0 #MeToo", **fields
    )
    skip = {"id", "public_id", "claim_code_hash", "text_fingerprint"}
    clones = []
    for i in range(1, n):
        clone = Story(
            **{
                f.attname: getattr(first, f.attname)
                for f in Story._meta.concrete_fields
                if f.attname not in skip
            }
        )
        clone.public_title = f"Account {i}"
        clone.public_body = f"storeroom account {i} #MeToo"
        clones.append(clone)
    Story.objects.bulk_create(clones)
    consent = first.current_consent()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            story=clone,
            **{
                f.attname: getattr(consent, f.attname)
                for f in ConsentRecord._meta.concrete_fields
                if f.attname not in {"id", "story_id"}
            },
        )
        for clone in clones
    )
    stories = [first, *clones]
    index.index_stories([s.pk for s in stories])
    figures_rebuild()  # the bulk insert bypassed the writers' hook, as a benchmark's does
    return stories


def run_on_commit(fn, *args, **kwargs):
    """Run `fn` and then the work it scheduled on commit (indexing), like a real request."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


@dataclass
class MixedArchive:
    visible: Story
    hidden: list[Story] = field(default_factory=list)

    @property
    def hidden_ids(self) -> list[str]:
        return [s.public_id for s in self.hidden]


def assert_nothing_hidden_in(text: str, archive: MixedArchive) -> None:
    assert "SECRET" not in text
    assert ORIGINAL_ONLY not in text
    for public_id in archive.hidden_ids:
        assert public_id not in text


@pytest.fixture
def mixed_archive(db, settings) -> MixedArchive:
    # A threshold of 1 makes every statistics cell visible, so a hidden story counted
    # there would show (year 1999 belongs to hidden stories only).
    settings.CHORUS = {**settings.CHORUS, "SMALL_CELL_THRESHOLD": 1}
    visible = published(
        title=f"A readable account {MARKER}",
        body=f"Readable words {MARKER} at work. Write to me at {ORIGINAL_ONLY} #MeToo",
        year=2017,
        country="FR",
        setting="workplace",
        language="en",
        content_notes=["harassment"],
    )
    archive = MixedArchive(visible=visible)
    secret = {"year": 1999, "country": "NZ", "setting": "sport", "language": "en"}

    for status in Status:
        if status == Status.PUBLISHED:
            continue
        archive.hidden.append(
            run_on_commit(
                make_story,
                status=status,
                title=f"SECRET title {status}",
                body=f"SECRET quokka {status} words {MARKER} #MeToo",
                **secret,
            )
        )

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    archive.hidden.append(
        published(
            title="SECRET embargoed",
            body=f"SECRET quokka embargoed {MARKER}",
            embargo_until=tomorrow,
            **secret,
        )
    )

    withdrawn = published(
        title="SECRET withdrawn later", body=f"SECRET quokka withdrawn {MARKER}", **secret
    )
    run_on_commit(
        lifecycle.transition, withdrawn, lifecycle.Action.WITHDRAW, actor_kind="contributor"
    )
    archive.hidden.append(withdrawn)

    no_consent = published(
        title="SECRET consent withdrawn", body=f"SECRET quokka consent {MARKER}", **secret
    )
    run_on_commit(
        consents.consent_record,
        story=no_consent,
        scopes={"publish": False, "research": True, "statistics": True},
        method="web",
    )
    archive.hidden.append(no_consent)

    erased = published(title="SECRET erased", body=f"SECRET quokka erased {MARKER}", **secret)
    run_on_commit(services.story_erase, story=erased, actor_kind="contributor")
    archive.hidden.append(erased)

    rejected = published(
        title="SECRET rejected later", body=f"SECRET quokka rejected {MARKER}", **secret
    )
    run_on_commit(lifecycle.transition, rejected, lifecycle.Action.REJECT, actor_kind="system")
    archive.hidden.append(rejected)

    assert list(Story.objects.public()) == [visible]
    return archive

"""The public figures (PublicFigure) always equal a full count of the stories.

archive/stories/public_view.py keeps the summary in the writer's transaction; these tests
compare it with a recount from `Story.objects.public()` and `stats.counted_stories()` after
every transition out of every state, after a long random run of every kind of change
(publication, withdrawal, rejection, edits, consent and embargo changes, metadata,
erasure), across the midnight an embargo ends, and after a rebuild.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.apps import apps as global_apps
from django.db.models import Count
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from archive.models import ModerationEvent, PublicFigure, PublicTally, Story
from archive.moderation import selectors
from archive.moderation import services as moderation
from archive.public import stats
from archive.public.selectors import public_count
from archive.stories import consents, lifecycle, services
from archive.stories.public_view import PUBLIC, figures_rebuild
from archive.stories.states import ROUTES, TRANSITIONS, TransitionNotAllowed
from archive.vocabulary import ContentNote, Setting, Status
from tests.factories import ALL_SCOPES, make_story

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action

COUNTRIES = ["FR", "BE", "", "IS"]
YEARS = [2015, 2017, None]
NOTES = [[], [ContentNote.values[0]], ContentNote.values[:2], [ContentNote.values[1]]]
SETTINGS = ["", *Setting.values[:2]]


def recount() -> dict[str, dict[str, int]]:
    """What the summary must say, counted from the stories themselves."""
    counted = {
        name: {value: n for value, n in cells.items() if n}
        for name, cells in stats.recount_raw().items()
    }
    days: dict[str, int] = {}
    months: dict[str, int] = {}
    rows = (
        stats.counted_stories()
        .annotate(day=TruncDate(Coalesce("source_created_at", "published_at")))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["day"] is not None:
            day = row["day"].isoformat()
            days[day] = row["n"]
            months[day[:7]] = months.get(day[:7], 0) + row["n"]
    public = Story.objects.public().count()
    return {PUBLIC: {"": public} if public else {}, **counted, "month": months, "day": days}


def assert_figures_match() -> None:
    assert stats.figure_counts() == recount()
    assert public_count() == Story.objects.public().count()
    assert not PublicFigure.objects.filter(count__lt=0).exists()


def _story(rng: random.Random, status: str) -> Story:
    return make_story(
        status=status,
        country=rng.choice(COUNTRIES),
        year=rng.choice(YEARS),
        content_notes=rng.choice(NOTES),
        setting=rng.choice(SETTINGS),
        language=rng.choice(["en", "fr", ""]),
        consent={**ALL_SCOPES, "statistics": rng.random() < 0.7},
    )


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (status, action)
        for status in ROUTES
        for action, (sources, _target) in TRANSITIONS.items()
        if status in sources
    ],
)
def test_every_transition_out_of_every_state_keeps_the_figures_exact(status, action, moderator):
    rng = random.Random(f"{status}{action}")
    _story(rng, Status.PUBLISHED)  # something already counted beside it
    story = _story(rng, status)
    assert_figures_match()

    lifecycle.transition(story, action, actor=moderator)

    assert_figures_match()


def _publish(story, moderator, rng):
    for action in (Action.SUBMIT, Action.START_REVIEW, Action.PUBLISH):
        story.refresh_from_db()
        if story.status in TRANSITIONS[action][0]:
            lifecycle.transition(story, action, actor=moderator)


def _transition(action):
    def change(story, moderator, rng):
        lifecycle.transition(story, action, actor=moderator)

    return change


def _consent(story, moderator, rng):
    embargo = rng.choice([None, None, timezone.localdate() + timedelta(days=rng.choice([-3, 1]))])
    consents.consent_change(
        story=story,
        scopes={**ALL_SCOPES, "publish": rng.random() < 0.8, "statistics": rng.random() < 0.6},
        embargo_until=embargo,
    )


def _statistics_only(story, moderator, rng):
    current = story.current_consent()
    consents.consent_record(
        story=story,
        scopes={
            **{s: getattr(current, s) for s in current.SCOPES},
            "statistics": not current.statistics,
        },
        method="web",
    )


def _details(story, moderator, rng):
    moderation.story_details_update(
        story=story,
        actor=moderator,
        token=selectors.edit_token(story),
        content_notes=rng.choice(NOTES),
        tags=[],
        language=rng.choice(["en", "fr", ""]),
        year=rng.choice(YEARS),
        country=rng.choice(COUNTRIES),
        setting=rng.choice(SETTINGS),
        embargo_until=story.embargo_until,
    )


def _erase(story, moderator, rng):
    services.story_erase(story=story, actor=moderator)


CHANGES = {
    "publish": _publish,
    "withdraw": lambda story, moderator, rng: services.story_withdraw(story=story),
    "reject": _transition(Action.REJECT),
    "edit": _transition(Action.EDIT),
    "consent": _consent,
    "statistics_only": _statistics_only,
    "details": _details,
    "erase": _erase,
}


@pytest.mark.parametrize("seed", [1, 2])
def test_a_random_run_of_every_kind_of_change_keeps_the_figures_exact(seed, moderator):
    rng = random.Random(seed)
    stories = [
        _story(rng, rng.choice([Status.PUBLISHED] * 3 + [Status.SUBMITTED])) for _ in range(6)
    ]
    assert_figures_match()
    applied = []
    for _ in range(70):
        story = rng.choice(stories)
        story.refresh_from_db()
        name = rng.choice(list(CHANGES))
        try:
            CHANGES[name](story, moderator, rng)
        except (TransitionNotAllowed, moderation.ModerationError):
            continue  # not allowed from this state: nothing changed
        applied.append(name)
        assert_figures_match()
    # The run reached every kind of change, not only the refusals.
    assert set(applied) == set(CHANGES)


def test_an_embargoed_story_is_counted_from_the_day_its_embargo_ends(monkeypatch):
    make_story(status=Status.PUBLISHED, country="FR")
    story = make_story(status=Status.PUBLISHED, country="BE")
    today = timezone.localdate()
    consents.consent_change(story=story, scopes=ALL_SCOPES, embargo_until=today + timedelta(1))
    assert stats.raw_counts()["country"] == {"FR": 1}
    assert_figures_match()

    real = timezone.localdate
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: real(*a, **k) if a else tomorrow)

    assert stats.raw_counts()["country"] == {"FR": 1, "BE": 1}  # no writer ran at midnight
    assert_figures_match()


def test_a_rebuild_gives_the_figures_the_writers_kept(moderator):
    rng = random.Random(3)
    stories = [_story(rng, Status.PUBLISHED) for _ in range(5)]
    _details(stories[0], moderator, rng)
    services.story_withdraw(story=stories[1])
    _statistics_only(stories[2], moderator, rng)
    kept = stats.figure_counts()
    tallies = {t.story_id: (t.cells, t.visible_from) for t in PublicTally.objects.all()}

    assert figures_rebuild() == 4

    assert stats.figure_counts() == kept
    assert {t.story_id: (t.cells, t.visible_from) for t in PublicTally.objects.all()} == tallies

    PublicFigure.objects.all().delete()
    assert figures_rebuild(global_apps) == 4  # as the migration calls it, by app registry
    assert stats.figure_counts() == kept


def test_a_story_never_public_costs_the_figures_nothing():
    make_story(status=Status.SUBMITTED, country="FR")
    assert not PublicTally.objects.exists()
    assert not PublicFigure.objects.exists()


def test_a_withdrawn_account_leaves_no_cell_behind():
    story = make_story(status=Status.PUBLISHED, country="IS", year=2017)
    services.story_withdraw(story=story)
    assert stats.figure_counts() == {name: {} for name in stats.figure_counts()}
    assert not PublicTally.objects.exists()
    assert date.min in set(PublicFigure.objects.values_list("visible_from", flat=True))

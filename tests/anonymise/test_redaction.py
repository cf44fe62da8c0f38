"""From detection to public text: stored spans, decisions, rendering, risk flags, the task."""

from __future__ import annotations

import pytest

from archive import tasks
from archive.anonymise.render import render_story, term_spans
from archive.models import Redaction
from archive.stories import redactions, services
from archive.vocabulary import Decision, RedactionKind, RedactionSource, Status
from tests.factories import make_story

BODY = (
    "In 2013 my manager, Callum Fairbrother, cornered me at Ashgrove Veterinary Surgery in "
    "Tewkesbury. Callum's wife worked there too. CALLUM FAIRBROTHER still runs the place, "
    "and fairbrother's brother is a councillor. You can reach me at r.okafor.art@gmail.com "
    "or @rosie_okafor_art, or on 07700 900982. We lived at 3 Mill Lane, Tewkesbury. "
    "My friend Ifeoma Okafor knows everything; Ifeoma's sister too."
)


def accept_everything(story) -> str:
    """The public text once every detail is hidden."""
    story.redactions.update(decision=Decision.ACCEPTED)
    return render_story(story)[1]


@pytest.mark.django_db
def test_no_accepted_span_text_survives_in_the_public_text():
    story = make_story(status=Status.SUBMITTED, body=BODY, redact_terms=["Ifeoma  okafor"])
    shown = accept_everything(story)
    public = shown.lower()
    hidden = {story.body[r.start : r.end] for r in story.redactions.all()}
    assert hidden, "detection found nothing"
    for text in hidden:
        assert text.lower() not in public, text
    # Every mention, in every case and with possessives, went with the name.
    for mention in ("callum", "fairbrother", "ifeoma", "okafor", "tewkesbury", "ashgrove", "rosie"):
        assert mention not in public, mention
    assert "[name]" in shown
    assert "[place]" in shown
    assert "[organisation]" in shown
    assert "In 2013" in shown


@pytest.mark.django_db
def test_every_detail_not_explicitly_kept_is_hidden_undecided_ones_included():
    story = make_story(status=Status.SUBMITTED, body="My coach, Darragh Whelan, hurt me.")
    story.redactions.update(decision=Decision.PENDING)
    assert render_story(story)[1] == "My coach, [name], hurt me."
    story.redactions.update(decision=Decision.ACCEPTED)
    assert render_story(story)[1] == "My coach, [name], hurt me."
    story.redactions.update(decision=Decision.REJECTED)
    assert render_story(story)[1] == "My coach, Darragh Whelan, hurt me."


@pytest.mark.django_db
def test_a_chosen_replacement_is_shown_instead_of_the_placeholder():
    story = make_story(status=Status.SUBMITTED, body="My coach, Darragh Whelan, hurt me.")
    story.redactions.filter(kind=RedactionKind.NAME).update(replacement="my coach")
    # The role is not repeated where the text already says it (see test_render.py).
    assert render_story(story)[1] == "My coach hurt me."


@pytest.mark.django_db
def test_detection_stores_automatic_suggestions_pending_and_contributor_terms_accepted():
    story, _code = services.story_create(
        body="Hamid Rostami at Lowfield Foods. Lowfield was awful.",
        consent={"publish": True},
        redact_terms=["lowfield"],
    )
    redactions.redactions_detect(story=story)
    rows = {(story.body[r.start : r.end], r.source, r.decision) for r in story.redactions.all()}
    assert ("Hamid Rostami", RedactionSource.AUTOMATIC, Decision.PENDING) in rows
    assert ("Lowfield", RedactionSource.CONTRIBUTOR, Decision.ACCEPTED) in rows
    assert all(
        r.decision == Decision.ACCEPTED
        for r in story.redactions.filter(source=RedactionSource.CONTRIBUTOR)
    )


@pytest.mark.django_db
def test_detection_twice_changes_nothing_and_keeps_decisions():
    story = make_story(status=Status.SUBMITTED, body=BODY)
    story.redactions.filter(kind=RedactionKind.EMAIL).update(decision=Decision.REJECTED)
    before = sorted(
        Redaction.objects.filter(story=story).values_list("start", "end", "kind", "decision")
    )
    tasks.detect_pii_task(story.pk)
    tasks.detect_pii_task(story.pk)
    after = sorted(
        Redaction.objects.filter(story=story).values_list("start", "end", "kind", "decision")
    )
    assert after == before


@pytest.mark.django_db
def test_an_edited_text_gets_fresh_suggestions_and_loses_stale_ones():
    story = make_story(status=Status.SUBMITTED, body="It was Mr. Pennington. Every day.")
    story.body = "It was the caretaker. Every day."
    story.save()
    redactions.redactions_detect(story=story)
    assert not story.redactions.filter(source=RedactionSource.AUTOMATIC).exists()


@pytest.mark.django_db
def test_a_term_added_later_takes_over_the_detected_span_and_is_hidden():
    story = make_story(status=Status.SUBMITTED, body="My coach, Pennington, hurt me.")
    story.redactions.update(decision=Decision.REJECTED)
    story.redact_terms = "Pennington"
    story.save()
    redactions.redactions_detect(story=story)
    row = story.redactions.get()
    assert (row.source, row.decision) == (RedactionSource.CONTRIBUTOR, Decision.ACCEPTED)


def test_contributor_terms_match_every_case_spacing_accent_and_possessive():
    text = "Zoé Martin, ZOE  MARTIN, zoe-martin, ZoeMartin, Zoe Martin's bag, Zoë\nMartin’s."
    found = [text[s.start : s.end] for s in term_spans(text, ["Zoe Martin"])]
    assert len(found) == 6
    assert all("[removed]" == s.label() for s in term_spans(text, ["Zoe Martin"]))


@pytest.mark.django_db
def test_risk_flags_describe_combinations_without_repeating_the_details():
    body = (
        "In 2009 I was 14 and at Kingsbridge Community College in Dartmouth. "
        "My form tutor, Mr. Halloran, was the one."
    )
    story = make_story(status=Status.SUBMITTED, body=body)
    codes = {flag["code"] for flag in story.risk_flags}
    assert {"time_employer", "age_school", "employer_role", "named_relation"} <= codes
    for flag in story.risk_flags:
        assert flag["reason"] and flag["kinds"]
        for detail in ("Kingsbridge", "Dartmouth", "Halloran", "2009"):
            assert detail not in flag["reason"]


@pytest.mark.django_db
def test_an_account_without_details_has_no_risk_flags():
    story = make_story(
        status=Status.SUBMITTED, body="It happened at work in 2015. Nobody helped me. Me too."
    )
    assert story.risk_flags == []


@pytest.mark.django_db
def test_a_year_with_a_large_city_is_not_flagged_but_with_a_small_town_it_is():
    big = make_story(status=Status.SUBMITTED, body="It happened in London in 2015.")
    small = make_story(status=Status.SUBMITTED, body="It happened in Ludlow in 2015.")
    assert "year_small_place" not in {f["code"] for f in big.risk_flags}
    assert "year_small_place" in {f["code"] for f in small.risk_flags}

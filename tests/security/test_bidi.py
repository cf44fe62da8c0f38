"""Bidirectional control characters never reach a stored text, whichever way it came in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.contribute.forms import AnonymiseForm, StoryFieldsForm
from archive.models import Report, Story
from archive.usertext import BIDI_CONTROLS, clean_user_text
from archive.vocabulary import ReportReason, Status
from tests.contribute.test_submissions_api import create
from tests.factories import make_story

pytestmark = pytest.mark.django_db

# Right-to-left override: "evil\u202egnp.exe" displays as "evilexe.png".
RLO, LRI, PDI, RLM, ALM = "\u202e", "\u2066", "\u2069", "\u200f", "\u061c"
EVERY_CONTROL = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
EVERY_CONTROL += "\u200e\u200f\u061c"


def test_every_bidi_control_is_removed_and_nothing_else():
    assert clean_user_text(f"a{EVERY_CONTROL}b") == "ab"
    # Arabic and Hebrew letters, emoji and a zero-width joiner are text, not controls.
    assert clean_user_text("أنا كمان שלום 👩\u200d👩") == "أنا كمان שלום 👩\u200d👩"


def test_title_body_pseudonym_and_hidden_words_sent_to_the_api_are_stored_without_bidi():
    public_id, _code = create(
        title=f"The {RLO}bulc{PDI} club",
        body=f"My coach {LRI}Dan{PDI} at the club kept texting me.{RLM} #MeToo",
        display_name="pseudonym",
        pseudonym=f"Sam{ALM}{RLO}ah",
        redact_terms=[f"Da{RLO}n"],
    )

    story = Story.objects.get(public_id=public_id)
    stored = [story.title, story.body, story.pseudonym, story.redact_terms]
    assert not any(BIDI_CONTROLS.search(value) for value in stored)
    assert story.title == "The bulc club"
    assert story.pseudonym == "Samah"
    assert "Dan" in [str(t) for t in story.hidden_terms]


def test_the_web_forms_clean_title_body_pseudonym_and_hidden_words():
    fields = StoryFieldsForm(
        data={"title": f"A{RLO}B", "body": f"text{LRI} here", "language": "", "setting": ""}
    )
    fields.is_valid()
    story = make_story(status=Status.DRAFT)
    anonymise = AnonymiseForm(
        data={
            "display_name": "pseudonym",
            "pseudonym": f"Ja{RLO}ne",
            "redact_terms": f"Pa{RLM}ul = my {LRI}manager{PDI}",
        },
        story=story,
        redactions=[],
    )

    assert anonymise.is_valid(), anonymise.errors
    assert fields.cleaned_data["title"] == "AB"
    assert fields.cleaned_data["body"] == "text here"
    assert anonymise.cleaned_data["pseudonym"] == "Jane"
    assert anonymise.cleaned_data["redact_terms"] == "Paul = my manager"


def test_report_details_are_stored_without_bidi(client):
    story = make_story(status=Status.PUBLISHED)

    response = client.post(
        reverse("archive:report", kwargs={"public_id": story.public_id}),
        {"reason": ReportReason.OTHER, "details": f"See {RLO}paragraph two{PDI}."},
    )

    assert response.status_code == 302
    assert Report.objects.get(story=story).details == "See paragraph two."

"""Shared steps of the contributor journey for tests."""

from __future__ import annotations

import time

from django.core import signing
from django.urls import reverse

from archive.contribute.forms import _FILL_SALT

BODY = (
    "In 2016 my manager Paul Martin cornered me in the storeroom. Later he wrote to me "
    "at jane.doe@example.org and called 06 12 34 56 78 every night. #MeToo"
)
ALL_NO = {"publish": "", "research": "", "quote": "", "statistics": "", "contact": ""}


def started(seconds_ago: float = 60) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=_FILL_SALT)


def write_data(**overrides) -> dict:
    data = {
        "title": "The storeroom",
        "body": BODY,
        "year": "2016",
        "country": "FR",
        "setting": "workplace",
        "content_notes": ["harassment"],
        "language": "",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return data


def anonymise_data(form_redactions, **overrides) -> dict:
    data = {"display_name": "anonymous", "pseudonym": "", "redact_terms": "", "continue": "1"}
    for redaction in form_redactions:
        data[f"redaction_{redaction.pk}"] = "accepted"
        data[f"replacement_{redaction.pk}"] = ""
    data.update(overrides)
    return data


def submit_story(client, *, consent=None, terms="Paul Martin") -> tuple:
    """Walk the whole web journey; returns (story, claim code, the page showing the code)."""
    from archive.models import Story

    response = client.post(reverse("archive:contribute_write"), write_data())
    assert response.status_code == 302, response.content
    story = Story.objects.latest("created_at")
    response = client.post(
        reverse("archive:contribute_anonymise"),
        anonymise_data(story.redactions.filter(source="automatic"), redact_terms=terms),
    )
    assert response.status_code == 302
    scopes = consent if consent is not None else {"publish": "on", "statistics": "on"}
    # The consent page leads to "check your answers"; sending is the second press.
    response = client.post(reverse("archive:contribute_consent"), {**scopes, "confirm": "1"})
    # Post/Redirect/Get: the claim code is shown by the page the browser is sent to.
    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("archive:contribute_sent")
    response = client.get(response["Location"])
    assert response.status_code == 200
    code = response.context["claim_code"]
    story.refresh_from_db()
    return story, code, response


def cache_keys() -> list[str]:
    """Every key in the default cache (LocMem in the embedded default, Redis in CI)."""
    from django.core.cache import cache

    backend = cache._cache
    if hasattr(backend, "get_client"):  # django.core.cache.backends.redis
        return [k.decode() for k in backend.get_client().keys("*")]
    return list(backend.keys())

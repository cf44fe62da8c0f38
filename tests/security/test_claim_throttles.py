"""Claim-code throttles slow down guessing but can never lock the rightful contributor out."""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from archive.contribute import claims
from tests.contribute.test_submissions_api import URL, _rates, claim, create

pytestmark = pytest.mark.django_db

RETURN = "/contribute/return/"
PROXY = "10.0.0.2"  # every visitor, as seen behind a proxy with NUM_PROXIES=0


def test_a_full_bucket_on_a_shared_proxy_address_does_not_stop_the_right_code(settings):
    _rates(settings, claim="5/hour")
    public_id, code = create()
    strangers = Client(REMOTE_ADDR=PROXY)
    for _ in range(5):
        strangers.post(RETURN, {"code": "WRONGWRONGWRONG"})
    assert strangers.post(RETURN, {"code": "WRONGWRONGWRONG"}).status_code == 429

    contributor = Client(REMOTE_ADDR=PROXY)
    assert contributor.post(RETURN, {"code": code}).status_code == 302
    assert claim(code).get(f"{URL}{public_id}/", REMOTE_ADDR=PROXY).status_code == 200


def test_wrong_codes_for_one_story_from_many_clients_meet_a_growing_delay(settings):
    _rates(settings, claim="1000/hour", claim_story="3/hour")
    public_id, code = create()

    statuses, waits = [], []
    for n in range(6):
        response = claim("WRONG").get(f"{URL}{public_id}/", REMOTE_ADDR=f"198.51.100.{n}")
        statuses.append(response.status_code)
        waits.append(int(response.get("Retry-After", 0)))

    assert statuses == [404, 404, 404, 429, 429, 429]
    assert waits[3:] == [2, 4, 8]
    # Another story is not slowed down by this one's misses.
    other_id, _other_code = create()
    assert claim("WRONG").get(f"{URL}{other_id}/", REMOTE_ADDR="192.0.2.1").status_code == 404
    # And the owner still gets in.
    assert claim(code).get(f"{URL}{public_id}/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_check_deploy_warns_when_no_proxy_is_counted(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    with pytest.raises(SystemCheckError, match="chorus.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", tags=["security"])


def test_check_deploy_is_quiet_about_proxies_once_they_are_counted(settings, capsys):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    try:
        call_command("check", "--deploy", tags=["security"])
    except SystemCheckError:
        pass
    assert "chorus.W001" not in capsys.readouterr().err


def test_a_forwarded_request_without_counted_proxies_is_logged_once_without_the_address(
    settings, caplog, monkeypatch
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    monkeypatch.setattr(claims, "_proxy_warning_logged", False)
    caplog.set_level(logging.WARNING, logger="archive.contribute.claims")
    client = Client(HTTP_X_FORWARDED_FOR="203.0.113.77")

    for _ in range(3):
        client.post(RETURN, {"code": "WRONG"})

    warnings = [r for r in caplog.records if "NUM_PROXIES is 0" in r.getMessage()]
    assert len(warnings) == 1
    assert "203.0.113.77" not in caplog.text

from __future__ import annotations

import os

import pytest

from archive import warmup


@pytest.fixture
def warm_models():
    warmup.warm()
    assert warmup.is_warm()


@pytest.fixture
def cold_models():
    was_warm = warmup.is_warm()
    warmup._warmed.clear()
    yield
    if was_warm:
        warmup._warmed.set()


def _assert_probe_response(response):
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_liveness_answers_without_touching_the_database(client):
    # No django_db mark: any query here would raise.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    _assert_probe_response(response)


def test_liveness_answers_a_load_balancer_calling_by_address(client):
    response = client.get("/healthz/", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200


@pytest.mark.django_db
def test_readiness_is_ready_with_database_and_warm_models(client, settings, warm_models):
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["models"] == "ok"
    expected_broker = "not configured" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    assert body["checks"]["broker"] == expected_broker
    _assert_probe_response(response)


@pytest.mark.django_db
def test_readiness_waits_for_the_models(client, cold_models):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["checks"]["models"] == "loading"
    _assert_probe_response(response)


def test_readiness_is_unready_when_the_database_cannot_be_reached(client, warm_models):
    # Without django_db, every connection attempt fails, as with a database that is down.
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
def test_readiness_is_unready_when_the_configured_broker_is_down(client, settings, warm_models):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A real connection attempt to a port where nothing listens.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs a real broker")
@pytest.mark.django_db
def test_readiness_sees_a_running_broker(client, settings, warm_models):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/readyz")

    assert response.json()["checks"]["broker"] == "ok"

from __future__ import annotations

import os
import re

import pytest
from django.utils import translation

from accounts import roles
from tests.factories import UserFactory
from tests.worker import _tasks_run_in_process_by_default, celery_worker_process  # noqa: F401


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    from archive.public.page_cache import recent as recent_pages

    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages render without a collectstatic run; production uses the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _one_redis_database_per_test_process(settings)
    cache.clear()
    # Pages kept in this process (archive/public/page_cache.py) go with the shared cache:
    # a test's rolled-back data must not be served to the next one.
    recent_pages.clear()
    # A test that renders in French (translation.activate) must not leave the next test,
    # in the same process, speaking French.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _one_redis_database_per_test_process(settings) -> None:
    """Under pytest-xdist, each process its own Redis database: one test's cache.clear()
    must not empty the cache another test is using at that moment."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    if worker[2:].isdigit() and isinstance(location, str) and location.startswith("redis"):
        number = int(worker[2:])
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                **settings.CACHES["default"],
                "LOCATION": re.sub(r"/(\d+)$", lambda m: f"/{int(m[1]) - number}", location),
            },
        }


# Tests that start a Celery worker or their own Redis share the broker queue (and the
# ports 6390-6394): under pytest-xdist they all run in one process, one after another.
_SERVICE_FIXTURES = {"celery_worker_process", "slow_worker", "stopped_redis_url"}


# tryfirst: xdist's own hook turns the marker into the group it schedules by, so the
# marker must be there before it runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        uses_services = _SERVICE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses_services or item.get_closest_marker("worker") or item.get_closest_marker("fault"):
            item.add_marker(pytest.mark.xdist_group("services"))


def pytest_collection_finish(session):
    """Refuse to run when xdist would not keep a group together: a pytest/xdist pairing
    that ignores `xdist_group` (pytest 9 with xdist 3.8 did) lets two workers share the
    broker, and the worker tests then fail one run in several."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    for item in session.items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            raise pytest.UsageError(
                f"pytest-xdist did not group {item.nodeid}: check the pytest and "
                "pytest-xdist versions against pyproject.toml."
            )


@pytest.fixture
def contributor(db):
    return UserFactory(role=roles.CONTRIBUTOR)


@pytest.fixture
def other_contributor(db):
    return UserFactory(role=roles.CONTRIBUTOR)


@pytest.fixture
def moderator(db):
    return UserFactory(role=roles.MODERATOR)


@pytest.fixture
def senior_moderator(db):
    return UserFactory(role=roles.SENIOR_MODERATOR)


@pytest.fixture
def researcher(db):
    return UserFactory(role=roles.RESEARCHER)

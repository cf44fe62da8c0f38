from __future__ import annotations

import pytest

from accounts import roles
from tests.factories import UserFactory
from tests.worker import _tasks_run_in_process_by_default, celery_worker_process  # noqa: F401


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    # Pages render without a collectstatic run; production uses the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()


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

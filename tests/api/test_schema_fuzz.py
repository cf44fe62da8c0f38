"""Fuzz every /api/ operation from its own OpenAPI schema: nothing answers a 5xx.

schemathesis generates requests (valid and invalid) for each operation of /api/schema/
and sends them to the WSGI app in-process; the only check is "not a server error", so
every refusal must be a 4xx with a reason. Bounded (few examples per operation,
derandomised) so it runs in well under a minute on SQLite and fails the same way twice.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]


from config.wsgi import application  # noqa: E402 - pytest-django has set Django up

# Read once, at collection: /api/schema/ is generated from the code, no database needed.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_transactions_connection():
    """Django closes connections at the end of each request; inside a test's transaction
    that would close the test's own connection (PostgreSQL). Django's test client
    disconnects the same handlers; schemathesis calls the WSGI app directly."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])

import pytest

from .helpers import finish_exercise, ok


@pytest.fixture
def completed_via_api(auth_client):
    finish_exercise(auth_client)
    return ok(auth_client.post("/api/v1/wants/complete"))

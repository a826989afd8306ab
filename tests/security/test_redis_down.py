"""SECURITY 34: with Redis down the API keeps answering — no cache, limits fail open."""

import pytest

from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD


@pytest.fixture
def redis_down(settings, hanging_address):
    host, port = hanging_address
    settings.REDIS_URL = f"redis://{host}:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.1, "SOCKET_TIMEOUT": 0.1, "IGNORE_EXCEPTIONS": True},
        }
    }


@pytest.mark.django_db
def test_signin_me_and_areas_answer_while_redis_hangs(api_client, redis_down):
    user = UserFactory()
    signin = api_client.post("/api/v1/auth/signin", {"email": user.email, "password": PASSWORD}, format="json")
    assert signin.status_code == 200, signin.content
    token = signin.json()["result"]["tokens"]["access_token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    me = api_client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["result"]["user"]["email"] == user.email

    profile = api_client.put("/api/v1/me", {"first_name": "Vera"}, format="json")
    assert profile.status_code == 200
    assert api_client.get("/api/v1/me").json()["result"]["user"]["first_name"] == "Vera"

    areas = api_client.get("/api/v1/areas")
    assert areas.status_code == 200
    assert len(areas.json()["result"]["items"]) == 8


@pytest.mark.django_db(transaction=True)
def test_status_page_says_redis_is_down(client, redis_down):
    html = client.get("/").content.decode()
    assert 'id="check-redis"' in html
    redis_row = html.split('id="check-redis"')[1].split("</tr>")[0]
    assert 'class="down"' in redis_row

from datetime import date, timedelta

import pytest
from django.core.cache import cache

from apps.accounts.models import User
from apps.ai.errors import AIBadResponse, AIError, AITimeout, AIUnavailable
from apps.esoterics import content
from apps.esoterics.selectors import daily_tip_cache_key
from apps.limits.services import quota_used
from tests.conftest import postgres_only
from tests.esoterics.conftest import URL

pytestmark = pytest.mark.django_db

TODAY = "2025-01-13"  # frozen_client's local today in UTC
BIRTH = date(1990, 5, 17)


def get_tip(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    result = response.json()["result"]
    assert result["daily_ai_tip"] == result["daily_tip"]["text"]  # spec 6.10: the string and its object
    return result["daily_tip"]


def set_user(user, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()


def stored_tip(user) -> dict:
    return User.objects.values_list("daily_tip_cache", flat=True).get(pk=user.pk)


@pytest.fixture
def born_client(frozen_client):
    set_user(frozen_client.user, date_of_birth=BIRTH)
    return frozen_client


# --- static tips -----------------------------------------------------------------------


def test_static_tip_without_birth_date(frozen_client, tip_composer):
    tip = get_tip(frozen_client)
    assert tip == {"text": content.static_tip(date(2025, 1, 13), "en"), "source": "static", "date": TODAY}
    assert tip_composer.calls == []
    assert stored_tip(frozen_client.user) == {}


def test_static_tip_rotates_by_date_and_is_stable(frozen_client):
    start = date(2025, 3, 1)
    week = [get_tip(frozen_client, date=(start + timedelta(days=i)).isoformat())["text"] for i in range(7)]
    assert len(set(week)) == 7
    assert get_tip(frozen_client, date="2025-03-01")["text"] == week[0]


def test_static_tip_is_russian_for_russian_users(frozen_client):
    set_user(frozen_client.user, locale="ru")
    assert get_tip(frozen_client)["text"] == content.static_tip(date(2025, 1, 13), "ru")


def test_other_days_get_a_static_tip_even_with_birth_date(born_client, tip_composer):
    tip = get_tip(born_client, date="2025-02-01")
    assert tip["source"] == "static"
    assert tip["date"] == "2025-02-01"
    assert tip_composer.calls == []


# --- AI tips ---------------------------------------------------------------------------


def test_ai_tip_with_birth_date_on_the_users_today(born_client, tip_composer):
    tip = get_tip(born_client)
    assert tip["source"] == "ai"
    assert tip["date"] == TODAY
    assert "full moon" in tip["text"].lower()  # offline composer: the moon of the day
    assert "personal day" in tip["text"].lower()
    assert tip["text"].startswith("Anna,")
    assert len(tip_composer.calls) == 1
    context, locale = tip_composer.calls[0]
    assert locale == "en"
    assert context["date"] == TODAY
    assert context["moon"]["phase"] == "full_moon"
    assert context["numerology"]["life_path_number"] == 5
    assert context["first_name"] == "Anna"


def test_ai_tip_follows_the_local_day(born_client, tip_composer):
    set_user(born_client.user, time_zone="Europe/Moscow")
    tip = get_tip(born_client)
    assert tip["date"] == "2025-01-14"
    assert tip["source"] == "ai"
    assert tip_composer.calls[0][0]["date"] == "2025-01-14"


def test_ai_tip_in_russian(born_client, tip_composer):
    set_user(born_client.user, locale="ru")
    tip = get_tip(born_client)
    assert tip["source"] == "ai"
    assert "олнолуние" in tip["text"]
    assert "личный день" in tip["text"].lower()
    assert tip_composer.calls[0][1] == "ru"


def test_second_call_reuses_the_tip_without_calling_the_ai(born_client, tip_composer):
    first = get_tip(born_client)
    second = get_tip(born_client)
    assert second == first
    assert len(tip_composer.calls) == 1
    assert cache.get(daily_tip_cache_key(born_client.user.pk, date(2025, 1, 13)))["text"] == first["text"]


def test_generated_tip_is_also_stored_in_the_user_row(born_client, tip_composer):
    tip = get_tip(born_client)
    assert stored_tip(born_client.user) == {"date": TODAY, "text": tip["text"], "locale": "en"}


def test_db_copy_is_used_when_the_cache_lost_it(born_client, tip_composer):
    User.objects.filter(pk=born_client.user.pk).update(
        daily_tip_cache={"date": TODAY, "text": "Remembered tip.", "locale": "en"}
    )
    tip = get_tip(born_client)
    assert tip == {"text": "Remembered tip.", "source": "ai", "date": TODAY}
    assert tip_composer.calls == []


def test_db_copy_of_another_day_is_replaced(born_client, tip_composer):
    User.objects.filter(pk=born_client.user.pk).update(
        daily_tip_cache={"date": "2025-01-12", "text": "Yesterday's tip.", "locale": "en"}
    )
    tip = get_tip(born_client)
    assert tip["text"] != "Yesterday's tip."
    assert len(tip_composer.calls) == 1
    assert stored_tip(born_client.user)["date"] == TODAY


def test_locale_change_keeps_the_days_tip_without_a_new_ai_call(born_client, tip_composer):
    english = get_tip(born_client)
    for locale in ("ru", "en", "ru"):  # PUT /me switching the locale back and forth
        result = born_client.put("/api/v1/me", {"locale": locale}, format="json")
        assert result.status_code == 200
        assert get_tip(born_client) == english
    assert [locale for _, locale in tip_composer.calls] == ["en"]
    assert stored_tip(born_client.user)["locale"] == "en"


def test_ai_calls_for_tips_are_capped_per_user_per_day(born_client, settings):
    settings.AI_UNMETERED_DAILY_LIMIT = 3
    calls = []

    def failing(context, locale):
        calls.append(locale)
        raise AITimeout("timed out")

    from apps.ai import offline

    offline._COMPOSERS["esoterics.daily_tip"], original = failing, offline._COMPOSERS["esoterics.daily_tip"]
    try:
        statuses = [born_client.get(URL).status_code for _ in range(3)]
        tip = get_tip(born_client)
    finally:
        offline._COMPOSERS["esoterics.daily_tip"] = original
    assert statuses == [502, 502, 502]
    assert tip["source"] == "static"
    assert len(calls) == 3


def test_tips_do_not_use_the_text_quota(born_client, settings, tip_composer):
    settings.QUOTA_LIMITS = {**settings.QUOTA_LIMITS, "free": {"text": 0, "image": 0}}
    assert get_tip(born_client)["source"] == "ai"
    assert quota_used(user=born_client.user, resource="text") == 0


def test_users_do_not_see_each_others_tips(born_client, tip_composer):
    from tests.accounts.factories import UserFactory
    from tests.conftest import client_for

    first = get_tip(born_client)
    other = client_for(UserFactory(first_name="Boris", date_of_birth=BIRTH, time_zone="UTC"))
    second = get_tip(other)
    assert second["text"].startswith("Boris,")
    assert first["text"].startswith("Anna,")
    assert len(tip_composer.calls) == 2


# --- Redis outage ------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings, hanging_address):
    host, port = hanging_address
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://{host}:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
    }


def test_tip_survives_a_redis_outage_in_the_user_row(born_client, redis_down, tip_composer):
    first = get_tip(born_client)
    assert first["source"] == "ai"
    assert cache.get(daily_tip_cache_key(born_client.user.pk, date(2025, 1, 13))) is None  # nothing cached
    assert stored_tip(born_client.user) == {"date": TODAY, "text": first["text"], "locale": "en"}
    second = get_tip(born_client)
    assert second == first
    assert len(tip_composer.calls) == 1


# --- AI failures (offline backend with a failing composer) -------------------------------


@pytest.mark.parametrize(
    ("make_error", "code"),
    [
        (lambda: AITimeout("timed out"), "ESOTERICS_AI_PROXY_ERROR"),
        (lambda: AIUnavailable("connection refused"), "ESOTERICS_AI_PROXY_ERROR"),
        (lambda: AIBadResponse("not JSON"), "ESOTERICS_AI_FAILED"),
        (lambda: AIError("HTTP 500"), "ESOTERICS_AI_FAILED"),
    ],
)
def test_ai_failures_map_to_502(born_client, raising_composer, make_error, code):
    raising_composer(make_error())
    response = born_client.get(URL)
    assert response.status_code == 502, response.content
    assert response.json()["error"]["code"] == code
    assert stored_tip(born_client.user) == {}
    assert cache.get(daily_tip_cache_key(born_client.user.pk, date(2025, 1, 13))) is None


def test_ai_answer_that_breaks_the_schema_is_ai_failed(born_client, monkeypatch):
    from apps.ai import offline

    monkeypatch.setitem(offline._COMPOSERS, "esoterics.daily_tip", lambda context, locale: {"text": "x" * 601})
    response = born_client.get(URL)
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "ESOTERICS_AI_FAILED"


def test_ai_failure_does_not_affect_static_tips(frozen_client, raising_composer):
    raising_composer(AITimeout("timed out"))
    assert get_tip(frozen_client)["source"] == "static"


# --- far time zones ----------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "local_day"), [("Pacific/Kiritimati", "2025-01-14"), ("Pacific/Pago_Pago", "2025-01-13")])
def test_ai_tip_date_is_the_local_day_in_far_time_zones(frozen_client, tip_composer, zone, local_day):
    # frozen at 2025-01-13 22:00 UTC: 14 January 12:00 in Kiritimati (UTC+14), 13 January 11:00 in Pago Pago (UTC−11)
    set_user(frozen_client.user, time_zone=zone, date_of_birth=BIRTH)

    result = frozen_client.get(URL).json()["result"]

    assert result["date"] == local_day
    assert result["daily_tip"]["source"] == "ai"
    assert result["daily_tip"]["date"] == local_day
    assert tip_composer.calls[0][0]["date"] == local_day
    assert stored_tip(frozen_client.user)["date"] == local_day
    assert cache.get(daily_tip_cache_key(frozen_client.user.pk, date.fromisoformat(local_day))) is not None
    # Asking for that local day explicitly is the same AI tip, not a static one nor a new call.
    assert get_tip(frozen_client, date=local_day) == result["daily_tip"]
    assert len(tip_composer.calls) == 1


# --- concurrent first requests of the day ------------------------------------------------


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_requests_of_the_day_all_get_the_same_tip(monkeypatch, settings):
    import threading

    import time_machine
    from django.db import connection

    from apps.ai import offline
    from tests.accounts.factories import UserFactory
    from tests.conftest import client_for
    from tests.esoterics.conftest import FROZEN_AT

    threads_count = 4
    settings.AI_UNMETERED_DAILY_LIMIT = threads_count  # this test is about storing, not the cap
    barrier = threading.Barrier(threads_count)
    calls = []

    def compose(context, locale):
        calls.append(context)
        barrier.wait(timeout=30)  # every request is past the cache and DB reads before any stores
        return {"text": f"Tip number {len(calls)} of {threading.get_ident()}."}

    monkeypatch.setitem(offline._COMPOSERS, "esoterics.daily_tip", compose)
    with time_machine.travel(FROZEN_AT, tick=False):
        client = client_for(UserFactory(time_zone="UTC", date_of_birth=BIRTH))
        tips, errors = [], []

        def run():
            try:
                tips.append(get_tip(client))
            except Exception as exc:  # noqa: BLE001 — reported by the test
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        later = get_tip(client)

    assert errors == []
    assert len(calls) == threads_count  # the race really happened
    texts = {tip["text"] for tip in tips}
    assert len(texts) == 1, texts
    assert later["text"] in texts
    assert stored_tip(client.user)["text"] == later["text"]


def test_db_copy_goes_back_into_the_cache(born_client, tip_composer, django_assert_num_queries):
    User.objects.filter(pk=born_client.user.pk).update(
        daily_tip_cache={"date": TODAY, "text": "Remembered tip.", "locale": "en"}
    )
    get_tip(born_client)
    with django_assert_num_queries(0):  # the session check and the tip both cached
        assert get_tip(born_client)["text"] == "Remembered tip."

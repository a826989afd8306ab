from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from apps.accounts.models import User
from apps.ai.errors import AIBadResponse, AIError, AITimeout, AIUnavailable
from apps.esoterics import content, services
from apps.esoterics.selectors import daily_tip_cache_key
from apps.esoterics.tasks import tips_prepare, tips_schedule
from apps.limits.services import quota_used
from tests.conftest import client_for, postgres_only
from tests.esoterics.conftest import URL

pytestmark = pytest.mark.django_db

TODAY = "2025-01-13"  # frozen_client's local today in UTC
FROZEN = datetime(2025, 1, 13, 22, 0, tzinfo=UTC)
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


def beat():
    """One run of the beat entry `esoterics.tips_schedule` (eager: its prepare tasks run inline)."""
    tips_schedule.apply()


def prepare(user) -> str:
    return services.daily_tip_prepare(user_id=user.pk)


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


# --- before the tip is prepared --------------------------------------------------------


def test_before_preparation_the_tip_is_static_and_no_ai_is_called(born_client, tip_composer):
    tip = get_tip(born_client)
    assert tip == {"text": content.static_tip(date(2025, 1, 13), "en"), "source": "static", "date": TODAY}
    assert get_tip(born_client) == tip  # remembered as missing: no DB read, still static
    assert tip_composer.calls == []
    assert stored_tip(born_client.user) == {}


def test_query_count_before_and_after_preparation(born_client, tip_composer, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # session + the user's stored tip (a deferred column)
        assert get_tip(born_client)["source"] == "static"
    with django_assert_max_num_queries(1):  # the missing tip is remembered
        get_tip(born_client)
    beat()
    with django_assert_max_num_queries(1):  # the prepared tip comes from the cache
        assert get_tip(born_client)["source"] == "ai"


# --- prepared AI tips --------------------------------------------------------------------


def test_beat_prepares_the_ai_tip_that_the_endpoint_answers(born_client, tip_composer):
    assert get_tip(born_client)["source"] == "static"
    beat()
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


def test_ai_tip_in_russian(born_client, tip_composer):
    set_user(born_client.user, locale="ru")
    beat()
    tip = get_tip(born_client)
    assert tip["source"] == "ai"
    assert "олнолуние" in tip["text"]
    assert "личный день" in tip["text"].lower()
    assert tip_composer.calls[0][1] == "ru"


def test_the_tip_waits_for_the_users_local_morning(born_client, tip_composer, settings):
    settings.ESOTERICS_TIP_PREPARE_HOUR = 5
    set_user(born_client.user, time_zone="Europe/Moscow")  # 01:00 on 14 January in Moscow
    beat()
    assert tip_composer.calls == []
    assert get_tip(born_client) == {
        "text": content.static_tip(date(2025, 1, 14), "en"), "source": "static", "date": "2025-01-14"
    }
    with time_machine.travel(datetime(2025, 1, 14, 2, 0, tzinfo=UTC), tick=False):  # 05:00 in Moscow
        beat()
        tip = get_tip(client_for(born_client.user))  # a fresh access token at the new time
    assert tip["source"] == "ai"
    assert tip["date"] == "2025-01-14"
    assert tip_composer.calls[0][0]["date"] == "2025-01-14"


def test_beats_and_reruns_make_one_ai_call_per_user_day(born_client, tip_composer):
    beat()
    beat()
    tips_prepare.apply(args=[[str(born_client.user.pk)]])
    assert prepare(born_client.user) == "skipped"
    assert len(tip_composer.calls) == 1
    first = get_tip(born_client)
    with time_machine.travel(datetime(2025, 1, 14, 22, 0, tzinfo=UTC), tick=False):  # the next local day
        beat()
        beat()
        second = get_tip(client_for(born_client.user))
    assert len(tip_composer.calls) == 2
    assert second["date"] == "2025-01-14" and second["source"] == "ai"
    assert first["date"] == TODAY


def test_only_recently_active_users_with_a_birth_date_are_prepared(frozen_client, tip_composer, settings):
    from apps.accounts.models import Session
    from tests.accounts.factories import UserFactory

    settings.ESOTERICS_TIP_ACTIVE_DAYS = 3
    now = timezone.now()
    due = client_for(UserFactory(first_name="Due", date_of_birth=BIRTH, time_zone="UTC")).user
    idle = client_for(UserFactory(first_name="Idle", date_of_birth=BIRTH, time_zone="UTC")).user
    Session.objects.filter(user=idle).update(last_used_at=now - timedelta(days=4))
    revoked = client_for(UserFactory(first_name="Revoked", date_of_birth=BIRTH, time_zone="UTC")).user
    Session.objects.filter(user=revoked).update(revoked_at=now)
    inactive = client_for(UserFactory(first_name="Inactive", date_of_birth=BIRTH, time_zone="UTC")).user
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    UserFactory(first_name="Never", date_of_birth=BIRTH, time_zone="UTC")  # no session at all
    beat()  # frozen_client's own user has no date of birth
    assert [context["first_name"] for context, _ in tip_composer.calls] == ["Due"]
    assert stored_tip(due)["date"] == TODAY


def test_the_scan_is_batched_and_its_queries_do_not_grow_per_user(db, monkeypatch, django_assert_num_queries):
    from tests.accounts.factories import UserFactory

    with time_machine.travel(datetime(2025, 1, 13, 22, 0, tzinfo=UTC), tick=False):
        users = [client_for(UserFactory(date_of_birth=BIRTH, time_zone="UTC")).user for _ in range(5)]
        sent = []
        monkeypatch.setattr(services, "TIP_SCAN_BATCH", 2)
        monkeypatch.setattr(services, "TIP_TASK_USERS", 2)
        monkeypatch.setattr(tips_prepare, "apply_async", lambda args, **options: sent.append((args[0], options)))
        with django_assert_num_queries(1 + 3):  # the due zones, then 3 pages of at most 2 ids
            assert services.daily_tips_schedule() == 5
    assert sorted(user_id for ids, _ in sent for user_id in ids) == sorted(str(user.pk) for user in users)
    assert all(len(ids) <= 2 and options["expires"] for ids, options in sent)


def test_second_call_reuses_the_tip_without_calling_the_ai(born_client, tip_composer):
    beat()
    first = get_tip(born_client)
    second = get_tip(born_client)
    assert second == first
    assert len(tip_composer.calls) == 1
    assert cache.get(daily_tip_cache_key(born_client.user.pk, date(2025, 1, 13)))["text"] == first["text"]


def test_prepared_tip_is_also_stored_in_the_user_row(born_client, tip_composer):
    beat()
    tip = get_tip(born_client)
    assert stored_tip(born_client.user) == {"date": TODAY, "text": tip["text"], "locale": "en"}


def test_db_copy_is_used_when_the_cache_lost_it(born_client, tip_composer):
    User.objects.filter(pk=born_client.user.pk).update(
        daily_tip_cache={"date": TODAY, "text": "Remembered tip.", "locale": "en"}
    )
    tip = get_tip(born_client)
    assert tip == {"text": "Remembered tip.", "source": "ai", "date": TODAY}
    beat()
    assert tip_composer.calls == []  # already there: not prepared again


def test_db_copy_of_another_day_is_replaced_by_the_beat(born_client, tip_composer):
    User.objects.filter(pk=born_client.user.pk).update(
        daily_tip_cache={"date": "2025-01-12", "text": "Yesterday's tip.", "locale": "en"}
    )
    assert get_tip(born_client)["source"] == "static"
    beat()
    tip = get_tip(born_client)
    assert tip["text"] != "Yesterday's tip." and tip["source"] == "ai"
    assert len(tip_composer.calls) == 1
    assert stored_tip(born_client.user)["date"] == TODAY


def test_locale_change_keeps_the_days_tip_without_a_new_ai_call(born_client, tip_composer):
    beat()
    english = get_tip(born_client)
    for locale in ("ru", "en", "ru"):  # PUT /me switching the locale back and forth
        result = born_client.put("/api/v1/me", {"locale": locale}, format="json")
        assert result.status_code == 200
        assert get_tip(born_client) == english
        beat()
    assert [locale for _, locale in tip_composer.calls] == ["en"]
    assert stored_tip(born_client.user)["locale"] == "en"


def test_tips_do_not_use_the_text_quota(born_client, settings, tip_composer):
    settings.QUOTA_LIMITS = {**settings.QUOTA_LIMITS, "free": {"text": 0, "image": 0}}
    beat()
    assert get_tip(born_client)["source"] == "ai"
    assert quota_used(user=born_client.user, resource="text") == 0


def test_users_do_not_see_each_others_tips(born_client, tip_composer):
    from tests.accounts.factories import UserFactory

    other = client_for(UserFactory(first_name="Boris", date_of_birth=BIRTH, time_zone="UTC"))
    beat()
    assert get_tip(born_client)["text"].startswith("Anna,")
    assert get_tip(other)["text"].startswith("Boris,")
    assert len(tip_composer.calls) == 2


# --- AI failures: the task falls back silently, the endpoint never fails ---------------


@pytest.mark.parametrize(
    "make_error",
    [
        lambda: AITimeout("timed out"),
        lambda: AIUnavailable("connection refused"),
        lambda: AIBadResponse("not JSON"),
        lambda: AIError("HTTP 500"),
    ],
)
def test_ai_failures_leave_the_static_tip(born_client, raising_composer, make_error, caplog):
    raising_composer(make_error())
    assert prepare(born_client.user) == "failed"
    assert "failed" in caplog.text
    assert get_tip(born_client)["source"] == "static"
    assert "text" not in stored_tip(born_client.user)
    assert "text" not in (cache.get(daily_tip_cache_key(born_client.user.pk, date(2025, 1, 13))) or {})


def test_ai_answer_that_breaks_the_schema_leaves_the_static_tip(born_client, monkeypatch):
    from apps.ai import offline

    monkeypatch.setitem(offline._COMPOSERS, "esoterics.daily_tip", lambda context, locale: {"text": "x" * 601})
    assert prepare(born_client.user) == "failed"
    assert get_tip(born_client)["source"] == "static"


def test_a_failed_attempt_is_retried_by_a_later_beat_after_its_claim_lapses(born_client, monkeypatch, tip_composer):
    from apps.ai import offline

    monkeypatch.setitem(offline._COMPOSERS, "esoterics.daily_tip", lambda context, locale: (_ for _ in ()).throw(
        AITimeout("timed out")))
    beat()
    monkeypatch.setitem(offline._COMPOSERS, "esoterics.daily_tip", tip_composer)
    beat()  # the failed attempt's claim still holds: no second call yet
    assert tip_composer.calls == []
    later = FROZEN + timedelta(seconds=services.tip_claim_seconds() + 1)
    with time_machine.travel(later, tick=False):
        beat()
        assert get_tip(client_for(born_client.user))["source"] == "ai"
    assert len(tip_composer.calls) == 1


def test_attempts_per_user_day_are_bounded(born_client, raising_composer, settings):
    settings.AI_UNMETERED_DAILY_LIMIT = 10
    calls = []

    def failing(context, locale):
        calls.append(locale)
        raise AITimeout("timed out")

    from apps.ai import offline

    offline._COMPOSERS["esoterics.daily_tip"], original = failing, offline._COMPOSERS["esoterics.daily_tip"]
    try:
        for attempt in range(6):
            with time_machine.travel(FROZEN + attempt * timedelta(seconds=services.tip_claim_seconds() + 1), tick=False):
                beat()
    finally:
        offline._COMPOSERS["esoterics.daily_tip"] = original
    assert len(calls) == services.TIP_MAX_ATTEMPTS
    assert get_tip(born_client)["source"] == "static"


def test_the_unmetered_daily_cap_still_applies(born_client, raising_composer, settings, caplog):
    settings.AI_UNMETERED_DAILY_LIMIT = 1
    raising_composer(AITimeout("timed out"))
    assert prepare(born_client.user) == "failed"
    with time_machine.travel(FROZEN + timedelta(seconds=services.tip_claim_seconds() + 1), tick=False):
        assert prepare(born_client.user) == "capped"
    assert "cap reached" in caplog.text


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
    beat()
    first = get_tip(born_client)
    assert first["source"] == "ai"
    assert cache.get(daily_tip_cache_key(born_client.user.pk, date(2025, 1, 13))) is None  # nothing cached
    assert stored_tip(born_client.user) == {"date": TODAY, "text": first["text"], "locale": "en"}
    assert get_tip(born_client) == first
    beat()
    assert len(tip_composer.calls) == 1


def test_ai_failure_does_not_affect_static_tips(frozen_client, raising_composer):
    raising_composer(AITimeout("timed out"))
    beat()
    assert get_tip(frozen_client)["source"] == "static"


# --- far time zones ----------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "local_day"), [("Pacific/Kiritimati", "2025-01-14"), ("Pacific/Pago_Pago", "2025-01-13")])
def test_ai_tip_date_is_the_local_day_in_far_time_zones(frozen_client, tip_composer, zone, local_day):
    # frozen at 2025-01-13 22:00 UTC: 14 January 12:00 in Kiritimati (UTC+14), 13 January 11:00 in Pago Pago (UTC−11)
    set_user(frozen_client.user, time_zone=zone, date_of_birth=BIRTH)
    beat()

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


# --- concurrent preparations of one user-day ----------------------------------------------


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_preparations_make_one_ai_call(monkeypatch, settings):
    import threading

    from django.db import connection

    from apps.ai import offline
    from tests.accounts.factories import UserFactory

    threads_count = 4
    settings.AI_UNMETERED_DAILY_LIMIT = threads_count  # this test is about the claim, not the cap
    calls = []
    monkeypatch.setitem(
        offline._COMPOSERS, "esoterics.daily_tip", lambda context, locale: calls.append(context) or {"text": "One tip."}
    )
    barrier = threading.Barrier(threads_count)
    with time_machine.travel(FROZEN, tick=False):
        client = client_for(UserFactory(time_zone="UTC", date_of_birth=BIRTH))
        outcomes, errors = [], []

        def run():
            try:
                barrier.wait(timeout=30)
                outcomes.append(prepare(client.user))
            except Exception as exc:  # noqa: BLE001 — reported by the test
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        tip = get_tip(client)

    assert errors == []
    assert sorted(outcomes) == ["prepared"] + ["skipped"] * (threads_count - 1)
    assert len(calls) == 1
    assert tip == {"text": "One tip.", "source": "ai", "date": TODAY}


def test_db_copy_goes_back_into_the_cache(born_client, tip_composer, django_assert_num_queries):
    User.objects.filter(pk=born_client.user.pk).update(
        daily_tip_cache={"date": TODAY, "text": "Remembered tip.", "locale": "en"}
    )
    get_tip(born_client)
    with django_assert_num_queries(0):  # the session check and the tip both cached
        assert get_tip(born_client)["text"] == "Remembered tip."

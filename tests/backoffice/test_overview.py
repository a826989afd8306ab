import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from apps.backoffice import selectors
from apps.backoffice.views import OVERVIEW_CACHE, overview_data
from tests.accounts.factories import UserFactory

from .factories import at, make_ai_job, make_charge, make_entry, make_session, make_user, populate_overview_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 20)


@pytest.fixture
def staff_web():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="root@example.com"))
    return client


def series(data: dict, name: str, day: dt.date) -> int:
    return data[name][data["dates"].index(day)]


def test_overview_covers_the_last_30_days():
    data = selectors.overview_get(today=TODAY)
    assert len(data["dates"]) == 30
    assert data["dates"][0] == TODAY - dt.timedelta(days=29) and data["dates"][-1] == TODAY


def test_signups_are_counted_per_day():
    make_user(created=at(TODAY), email="a@example.com")
    make_user(created=at(TODAY), email="b@example.com")
    make_user(created=at(TODAY - dt.timedelta(days=3)), email="c@example.com")
    make_user(created=at(TODAY - dt.timedelta(days=40)), email="old@example.com")
    data = selectors.overview_get(today=TODAY)
    assert series(data, "signups", TODAY) == 2
    assert series(data, "signups", TODAY - dt.timedelta(days=3)) == 1
    assert sum(data["signups"]) == 3


def test_an_active_user_counts_once_per_day_whatever_they_did():
    user = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com")
    make_session(user=user, created=at(TODAY, 8))
    make_charge(user=user, resource="text", created=at(TODAY, 9))
    make_entry(user=user, day=TODAY)
    other = make_user(created=at(TODAY - dt.timedelta(days=60)), email="b@example.com")
    make_charge(user=other, resource="image", created=at(TODAY - dt.timedelta(days=1), 9))
    data = selectors.overview_get(today=TODAY)
    assert series(data, "active_users", TODAY) == 1
    assert series(data, "active_users", TODAY - dt.timedelta(days=1)) == 1


def test_ai_calls_are_counted_per_day_by_kind():
    user = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com", plan="pro")
    for _ in range(3):
        make_ai_job(user=user, kind="goals.generate", created=at(TODAY, 10))
    make_ai_job(user=user, kind="visuals.generate_story_image", created=at(TODAY, 11))
    make_ai_job(user=user, kind="steps.generate", created=at(TODAY - dt.timedelta(days=1), 11))
    data = selectors.overview_get(today=TODAY)
    assert data["ai_calls"]["goals.generate"][-1] == 3
    assert data["ai_calls"]["visuals.generate_story_image"][-1] == 1
    assert data["ai_calls"]["steps.generate"][-2:] == [1, 0]
    assert data["ai_failed"][-1] == 0


def test_failed_ai_jobs_are_counted_apart_and_unfinished_ones_not_at_all():
    user = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com", plan="pro")
    make_ai_job(user=user, kind="wants.analyze", created=at(TODAY, 9))
    make_ai_job(user=user, kind="wants.analyze", created=at(TODAY, 10), status="failed", error_code="WANTS_AI_FAILED")
    make_ai_job(user=user, kind="goals.generate", created=at(TODAY, 10), status="failed", error_code="GOALS_AI_TIMEOUT")
    make_ai_job(user=user, kind="goals.generate", created=at(TODAY, 11), status="running")
    data = selectors.overview_get(today=TODAY)
    assert data["ai_calls"]["wants.analyze"][-1] == 1
    assert data["ai_calls"]["goals.generate"][-1] == 0
    assert data["ai_failed"][-1] == 2


def test_every_registered_ai_kind_has_a_series_and_old_kinds_still_show():
    user = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com")
    make_ai_job(user=user, kind="retired.kind", created=at(TODAY, 9))
    data = selectors.overview_get(today=TODAY)
    assert {"wants.analyze", "rituals.weekly_review", "visuals.regenerate"} <= set(data["ai_kinds"])
    assert data["ai_calls"]["retired.kind"][-1] == 1


def test_ai_chart_names_kinds_in_the_viewers_language(staff_web):
    user = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com")
    make_ai_job(user=user, kind="goals.generate", created=timezone.now())
    cache.delete_many(OVERVIEW_CACHE.keys())
    html = staff_web.get("/admin/overview/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    cache.delete_many(OVERVIEW_CACHE.keys())
    assert "подбор целей" in html


def test_quota_exhaustion_is_the_day_of_the_limit_th_charge(settings):
    user = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com")  # free: 5 texts a month
    for day_offset in (5, 4, 4, 3, 2, 1):  # the 5th charge of June is 2 days ago; the 6th is not another
        make_charge(user=user, resource="text", created=at(TODAY - dt.timedelta(days=day_offset)))
    make_charge(user=user, resource="image", created=at(TODAY))  # free: 1 image → exhausted today
    data = selectors.overview_get(today=TODAY)
    assert series({"dates": data["dates"], "x": data["quota_exhausted"]["text"]}, "x", TODAY - dt.timedelta(days=2)) == 1
    assert sum(data["quota_exhausted"]["text"]) == 1
    assert data["quota_exhausted"]["image"][-1] == 1


def test_quota_months_restart_the_count():
    user = make_user(created=at(TODAY - dt.timedelta(days=90)), email="a@example.com")
    for _ in range(4):
        make_charge(user=user, resource="text", created=at(dt.date(2026, 5, 30)))
    make_charge(user=user, resource="text", created=at(dt.date(2026, 6, 2)))  # 1st of June, not 5th of a run
    data = selectors.overview_get(today=TODAY)
    assert sum(data["quota_exhausted"]["text"]) == 0


def test_streak_distribution_counts_live_streaks_by_length():
    three = make_user(created=at(TODAY - dt.timedelta(days=60)), email="a@example.com")
    for offset in range(3):
        make_entry(user=three, day=TODAY - dt.timedelta(days=offset))
    one = make_user(created=at(TODAY - dt.timedelta(days=60)), email="b@example.com")
    make_entry(user=one, day=TODAY - dt.timedelta(days=1))  # yesterday still counts
    broken = make_user(created=at(TODAY - dt.timedelta(days=60)), email="c@example.com")
    make_entry(user=broken, day=TODAY - dt.timedelta(days=5))
    data = selectors.overview_get(today=TODAY)
    assert data["streaks"] == {"1": 1, "2–3": 1, "4–7": 0, "8–14": 0, "15–30": 0, "31+": 0}


def test_overview_queries_do_not_grow_with_rows(django_assert_max_num_queries):
    make_user(created=at(TODAY), email="only@example.com")
    with django_assert_max_num_queries(7):
        selectors.overview_get(today=TODAY)
    populate_overview_demo(users=30)
    with django_assert_max_num_queries(7):
        selectors.overview_get()


def test_overview_numbers_are_cached_for_a_minute(django_assert_num_queries, settings):
    # Local memory, whose expiry follows the (travelled) clock; Redis keeps its own time.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "overview"}}
    with time_machine.travel(dt.datetime(2026, 6, 20, 12, 0, tzinfo=dt.UTC), tick=False) as traveller:
        first = overview_data()
        make_user(created=at(TODAY, 12), email="late@example.com")
        with django_assert_num_queries(0):
            assert overview_data() == first
        traveller.shift(61)
        assert sum(overview_data()["signups"]) == sum(first["signups"]) + 1
    cache.delete_many(OVERVIEW_CACHE.keys())


def test_overview_needs_a_staff_login(client):
    response = client.get("/admin/overview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    plain = Client()
    plain.force_login(UserFactory(email="plain@example.com"))
    assert plain.get("/admin/overview/").status_code == 302


def test_admin_index_links_to_the_overview(staff_web):
    html = staff_web.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/admin/overview/"' in html


@pytest.mark.parametrize(("language", "title"), [("en", "Sign-ups per day"), ("ru", "Регистрации по дням")])
def test_overview_draws_svg_charts_in_the_viewers_language(staff_web, language, title):
    populate_overview_demo(users=6)
    html = staff_web.get("/admin/overview/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in html
    assert html.count('class="chart"') == 6  # with reminders per day (apps/reminders)
    assert 'id="chart-ai-calls"' in html and 'id="chart-streaks"' in html


def test_overview_page_refers_to_no_outside_host(staff_web):
    populate_overview_demo(users=6)
    html = staff_web.get("/admin/overview/").content.decode()
    outside = [part for part in html.split('"') if part.startswith(("http://", "https://"))]
    assert set(outside) <= {"http://www.w3.org/2000/svg"}


def test_overview_page_runs_a_bounded_number_of_queries(staff_web, django_assert_max_num_queries):
    populate_overview_demo(users=12)
    with django_assert_max_num_queries(10):  # session + user + the overview's 6
        assert staff_web.get("/admin/overview/").status_code == 200

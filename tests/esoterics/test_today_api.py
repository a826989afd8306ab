from datetime import date

import pytest

from apps.esoterics.moon import PHASES, ZODIAC_SIGNS
from tests.esoterics.conftest import URL

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["ok"] is False
    assert body["error"]["code"] == code
    return body


def today(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True
    return body["result"]


def set_user(user, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()


def test_requires_authentication(api_client):
    assert_error(api_client.get(URL), 401, "AUTH_NOT_AUTHENTICATED")


def test_returns_the_documented_shape(auth_client):
    result = today(auth_client, date="2025-06-01")
    assert set(result) == {"date", "moon", "numerology", "daily_ai_tip", "daily_tip"}
    assert result["date"] == "2025-06-01"
    moon = result["moon"]
    assert set(moon) == {
        "phase",
        "phase_name",
        "illumination",
        "age_days",
        "lunar_day",
        "zodiac_sign",
        "zodiac_sign_name",
    }
    assert moon["phase"] in PHASES
    assert moon["zodiac_sign"] in ZODIAC_SIGNS
    assert 0 <= moon["illumination"] <= 1
    assert 1 <= moon["lunar_day"] <= 30
    assert moon["lunar_day"] == int(moon["age_days"]) + 1


@pytest.mark.parametrize(
    ("zone", "day", "phase"),
    [
        ("Europe/Moscow", "2025-01-14", "full_moon"),
        ("Europe/Moscow", "2025-01-13", "waxing_gibbous"),
        ("UTC", "2025-01-13", "full_moon"),
        ("UTC", "2025-01-14", "waning_gibbous"),
    ],
)
def test_full_moon_day_follows_the_users_time_zone(auth_client, zone, day, phase):
    set_user(auth_client.user, time_zone=zone)
    moon = today(auth_client, date=day)["moon"]
    assert moon["phase"] == phase
    assert moon["illumination"] > 0.98


def test_illumination_and_age_are_for_local_noon(auth_client):
    set_user(auth_client.user, time_zone="Europe/Moscow")
    moscow = today(auth_client, date="2025-01-14")["moon"]
    set_user(auth_client.user, time_zone="UTC")
    utc = today(auth_client, date="2025-01-14")["moon"]
    # Moscow noon is 3 hours earlier than UTC noon.
    assert utc["age_days"] - moscow["age_days"] == pytest.approx(0.125, abs=0.011)
    assert moscow["illumination"] != utc["illumination"]


def test_default_date_is_today_in_the_users_time_zone(frozen_client):
    set_user(frozen_client.user, time_zone="Europe/Moscow")
    moscow = today(frozen_client)
    assert moscow["date"] == "2025-01-14"
    assert moscow["moon"]["phase"] == "full_moon"
    set_user(frozen_client.user, time_zone="America/New_York")
    assert today(frozen_client)["date"] == "2025-01-13"


def test_unknown_stored_time_zone_falls_back_to_utc(frozen_client):
    set_user(frozen_client.user, time_zone="Mars/Olympus_Mons")
    assert today(frozen_client)["date"] == "2025-01-13"


@pytest.mark.parametrize(
    "value",
    [
        "2025-13-01",
        "2025-02-30",
        "yesterday",
        "14.01.2025",
        "1899-12-31",
        "2201-01-01",
        "",
        "2025-1-1",
        "\uff12\uff10\uff12\uff15-01-14",  # full-width digits
        "2025-01-14\x00",
        "\x00",
        "2025-01-14T00:00",
        " 2025-01-14",
        "99999999-01-01",
        "0000-01-01",
        "9" * 5000,
    ],
)
def test_bad_date_is_422(auth_client, value):
    body = assert_error(auth_client.get(URL, {"date": value}), 422, "VALIDATION_ERROR")
    assert "date" in body["error"]["fields"]


@pytest.mark.parametrize("value", ["1900-01-01", "2200-12-31"])
def test_range_edges_are_accepted(auth_client, value):
    assert today(auth_client, date=value)["date"] == value


def test_numerology_is_null_without_birth_date(auth_client):
    assert today(auth_client, date="2025-01-14")["numerology"] is None


def test_numerology_with_birth_date(auth_client):
    set_user(auth_client.user, date_of_birth=date(1980, 2, 22))
    numerology = today(auth_client, date="2025-01-14")["numerology"]
    # life path 2 + 22 + 9 = 33; personal year 2 + 22 + 9 = 33; month 33 + 1 = 34 → 7; day 7 + 5 = 12 → 3
    assert numerology["life_path_number"] == 33
    assert numerology["personal_year"] == 33
    assert numerology["personal_month"] == 7
    assert numerology["personal_day"] == 3
    assert "33" in numerology["meaning"]


def test_english_user_gets_english_names(auth_client):
    set_user(auth_client.user, locale="en", time_zone="UTC", date_of_birth=date(1977, 5, 4))
    result = today(auth_client, date="2025-01-13")
    assert result["moon"]["phase_name"] == "Full moon"
    assert result["moon"]["zodiac_sign"] == "cancer"
    assert result["moon"]["zodiac_sign_name"] == "Cancer"
    assert result["numerology"]["meaning"].startswith("The nurturer")


def test_russian_user_gets_russian_names(auth_client):
    set_user(auth_client.user, locale="ru", time_zone="UTC", date_of_birth=date(1977, 5, 4))
    result = today(auth_client, date="2025-01-13")
    assert result["moon"]["phase_name"] == "Полнолуние"
    assert result["moon"]["zodiac_sign"] == "cancer"
    assert result["moon"]["zodiac_sign_name"] == "Рак"
    assert result["numerology"]["meaning"].startswith("Хранитель")
    assert result["daily_tip"]["source"] == "static"
    assert isinstance(result["daily_ai_tip"], str) and result["daily_ai_tip"] == result["daily_tip"]["text"]
    assert any("а" <= ch <= "я" for ch in result["daily_ai_tip"])


def test_russian_user_gets_russian_validation_message(auth_client):
    set_user(auth_client.user, locale="ru")
    body = assert_error(auth_client.get(URL, {"date": "1800-01-01"}), 422, "VALIDATION_ERROR")
    assert "Выберите дату" in body["error"]["fields"]["date"][0]


def test_query_count_is_bounded(frozen_client, django_assert_max_num_queries, tip_composer):
    set_user(frozen_client.user, date_of_birth=date(1990, 5, 17))
    # session joined with user, then the stored tip (a column the session check defers); no AI
    with django_assert_max_num_queries(2):
        today(frozen_client)
    with django_assert_max_num_queries(1):
        today(frozen_client)
    with django_assert_max_num_queries(1):
        today(frozen_client, date="2030-03-03")
    assert tip_composer.calls == []  # requests never call the AI: the tip is prepared by a task


def test_schema_documents_the_endpoint(api_client):
    schema = api_client.get("/api/schema?format=json").json()
    operation = schema["paths"]["/api/v1/esoterics/today"]["get"]
    assert {"ESOTERICS_AI_PROXY_ERROR", "ESOTERICS_AI_FAILED", "VALIDATION_ERROR"} <= set(operation["x-error-codes"])
    result = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["result"]
    assert result["$ref"].endswith("/EsotericsTodayOutput")

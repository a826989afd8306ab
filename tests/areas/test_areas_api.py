import pytest
from django.core.cache import cache

from apps.areas.defaults import DEFAULT_AREAS
from apps.areas.models import Area
from apps.areas.selectors import AREAS_CACHE
from apps.core.usercache import ALL
from tests.accounts.factories import UserFactory
from tests.areas.factories import AreaFactory
from tests.areas.helpers import assert_error, result
from tests.conftest import client_for
from tests.helpers import cached_answer

pytestmark = pytest.mark.django_db

DEFAULT_IDS = [
    "health",
    "career",
    "finance",
    "relationships",
    "family_friends",
    "personal_growth",
    "leisure",
    "environment",
]
AREA_PUBLIC_KEYS = {
    "id",
    "title",
    "description",
    "icon",
    "color",
    "order_index",
    "is_active",
    "created_at",
    "updated_at",
}


# --- GET /areas


def test_list_requires_authentication(api_client):
    assert_error(api_client.get("/api/v1/areas"), 401, "AUTH_NOT_AUTHENTICATED")


def test_first_list_creates_the_eight_default_areas_in_order(auth_client):
    assert Area.objects.count() == 0
    items = result(auth_client.get("/api/v1/areas"))["items"]
    assert [item["id"] for item in items] == DEFAULT_IDS
    assert Area.objects.count() == 8
    assert set(items[0]) == AREA_PUBLIC_KEYS
    assert all(item["is_active"] is True and item["color"].startswith("#") and item["icon"] for item in items)
    assert items[0]["created_at"].endswith("Z")


def test_list_is_sorted_by_order_index(auth_client, default_areas):
    AreaFactory(id="aaa_last", order_index=999)
    AreaFactory(id="zzz_first", order_index=-5)
    ids = [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]
    assert ids[0] == "zzz_first"
    assert ids[-1] == "aaa_last"


def test_list_hides_inactive_areas_unless_asked(auth_client, default_areas):
    Area.objects.filter(id="leisure").update(is_active=False)
    active = [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]
    everything = result(auth_client.get("/api/v1/areas?include_inactive=true"))["items"]
    assert "leisure" not in active
    assert len(active) == 7
    assert [item["id"] for item in everything] == DEFAULT_IDS
    assert next(item for item in everything if item["id"] == "leisure")["is_active"] is False


@pytest.mark.parametrize("value", ["maybe", "2", "null"])
def test_list_refuses_a_non_boolean_include_inactive(auth_client, value):
    error = assert_error(auth_client.get(f"/api/v1/areas?include_inactive={value}"), 422, "VALIDATION_ERROR")
    assert "include_inactive" in error["fields"]


def test_list_titles_follow_the_user_locale(auth_client, ru_client, default_areas):
    en = result(auth_client.get("/api/v1/areas"))["items"]  # UserFactory users are "en"
    ru = result(ru_client.get("/api/v1/areas"))["items"]  # served from the same cached value
    assert en[0]["title"] == "Health"
    assert en[0]["description"].startswith("Body")
    assert ru[0]["title"] == "Здоровье"
    assert ru[0]["description"].startswith("Тело")


def test_user_locale_wins_over_accept_language(auth_client, default_areas):
    items = result(auth_client.get("/api/v1/areas", HTTP_ACCEPT_LANGUAGE="ru"))["items"]
    assert items[0]["title"] == "Health"


def test_list_is_served_from_cache_key_areas_list(auth_client, default_areas):
    result(auth_client.get("/api/v1/areas"))
    assert cached_answer(AREAS_CACHE, ALL, part="list:0") is not None
    assert cached_answer(AREAS_CACHE, ALL, part="list:1") is None
    # A change behind the services' back is not seen: the cached value answers.
    Area.objects.filter(id="health").update(title_en="Changed behind the cache")
    assert result(auth_client.get("/api/v1/areas"))["items"][0]["title"] == "Health"
    result(auth_client.get("/api/v1/areas?include_inactive=1"))
    assert cached_answer(AREAS_CACHE, ALL, part="list:1") is not None


# --- GET /areas/{id}


def test_item_needs_no_authentication_and_defaults_to_russian(api_client, default_areas):
    area = result(api_client.get("/api/v1/areas/health"))
    assert set(area) == AREA_PUBLIC_KEYS
    assert area["id"] == "health"
    assert area["title"] == "Здоровье"


def test_item_follows_accept_language_when_anonymous(api_client, default_areas):
    assert result(api_client.get("/api/v1/areas/career", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))["title"] == "Career"
    assert result(api_client.get("/api/v1/areas/career", HTTP_ACCEPT_LANGUAGE="ru"))["title"] == "Карьера"


def test_item_follows_the_user_locale_when_authenticated(auth_client, ru_client, default_areas):
    assert result(auth_client.get("/api/v1/areas/finance", HTTP_ACCEPT_LANGUAGE="ru"))["title"] == "Finance"
    assert result(ru_client.get("/api/v1/areas/finance", HTTP_ACCEPT_LANGUAGE="en"))["title"] == "Финансы"


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic abc", "garbage"])
def test_item_ignores_a_bad_token_instead_of_failing(api_client, default_areas, header):
    area = result(api_client.get("/api/v1/areas/health", HTTP_AUTHORIZATION=header))
    assert area["id"] == "health"


def test_item_exists_before_any_list_call(api_client):
    assert result(api_client.get("/api/v1/areas/health"))["id"] == "health"


@pytest.mark.parametrize("area_id", ["no_such_area", "Health", "x" * 51, "bad%20id", "a..b"])
def test_missing_item_is_area_not_found(api_client, default_areas, area_id):
    assert_error(api_client.get(f"/api/v1/areas/{area_id}"), 404, "AREA_NOT_FOUND")


def test_inactive_area_is_still_readable_by_id(api_client, default_areas):
    Area.objects.filter(id="environment").update(is_active=False)
    area = result(api_client.get("/api/v1/areas/environment"))
    assert area["is_active"] is False


def test_item_is_cached_under_areas_item_key(api_client, default_areas):
    result(api_client.get("/api/v1/areas/health"))
    assert cached_answer(AREAS_CACHE, ALL, part="item:health") is not None
    Area.objects.filter(id="health").update(title_ru="Изменено в обход кеша")
    assert result(api_client.get("/api/v1/areas/health"))["title"] == "Здоровье"


# --- POST /areas

NEW_AREA = {
    "id": "spirituality",
    "title_ru": "Духовность",
    "title_en": "Spirituality",
    "description_ru": "Смысл и ценности.",
    "description_en": "Meaning and values.",
    "icon": "🕊️",
    "color": "#AABBCC",
    "order_index": 90,
}


def test_create_without_authentication_is_401(api_client):
    assert_error(api_client.post("/api/v1/areas", NEW_AREA, format="json"), 401, "AUTH_NOT_AUTHENTICATED")
    assert not Area.objects.filter(id="spirituality").exists()


def test_create_by_a_regular_user_is_forbidden(auth_client):
    assert_error(auth_client.post("/api/v1/areas", NEW_AREA, format="json"), 403, "AUTH_FORBIDDEN")
    assert not Area.objects.filter(id="spirituality").exists()


def test_admin_creates_an_area(admin_client_api):
    area = result(admin_client_api.post("/api/v1/areas", NEW_AREA, format="json"))
    assert area["id"] == "spirituality"
    assert area["title"] == "Spirituality"  # the admin fixture's user is "en"
    assert area["is_active"] is True
    saved = Area.objects.get(id="spirituality")
    assert (saved.title_ru, saved.color, saved.order_index) == ("Духовность", "#AABBCC", 90)


def test_create_needs_only_id_and_titles(admin_client_api):
    area = result(
        admin_client_api.post("/api/v1/areas", {"id": "pets", "title_ru": "Питомцы", "title_en": "Pets"}, format="json")
    )
    assert area["description"] == ""
    assert area["order_index"] == 0


def test_create_with_a_taken_id_is_area_already_exists(admin_client_api):
    AreaFactory(id="spirituality", title_en="Original")
    error = assert_error(admin_client_api.post("/api/v1/areas", NEW_AREA, format="json"), 400, "AREA_ALREADY_EXISTS")
    assert error["details"] == {"id": "spirituality"}
    assert Area.objects.get(id="spirituality").title_en == "Original"


def test_create_with_a_default_id_does_not_overwrite_it(admin_client_api, default_areas):
    body = {**NEW_AREA, "id": "health"}
    assert_error(admin_client_api.post("/api/v1/areas", body, format="json"), 400, "AREA_ALREADY_EXISTS")
    assert Area.objects.get(id="health").title_en == "Health"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "Bad Id"}, "id"),
        ({"id": "UPPER"}, "id"),
        ({"id": "x" * 51}, "id"),
        ({"id": ""}, "id"),
        ({"color": "red"}, "color"),
        ({"color": "#12345G"}, "color"),
        ({"title_ru": ""}, "title_ru"),
        ({"title_en": None}, "title_en"),
        ({"order_index": "first"}, "order_index"),
    ],
)
def test_create_validates_fields(admin_client_api, change, field):
    error = assert_error(
        admin_client_api.post("/api/v1/areas", {**NEW_AREA, **change}, format="json"), 422, "VALIDATION_ERROR"
    )
    assert field in error["fields"]


def test_create_without_titles_is_422(admin_client_api):
    error = assert_error(admin_client_api.post("/api/v1/areas", {"id": "pets"}, format="json"), 422, "VALIDATION_ERROR")
    assert {"title_ru", "title_en"} <= set(error["fields"])


# --- PUT /areas/{id}


def test_update_by_a_regular_user_is_forbidden(auth_client, default_areas):
    assert_error(auth_client.put("/api/v1/areas/health", {"title_en": "X"}, format="json"), 403, "AUTH_FORBIDDEN")
    assert Area.objects.get(id="health").title_en == "Health"


def test_update_without_authentication_is_401(api_client, default_areas):
    response = api_client.put("/api/v1/areas/health", {"title_en": "X"}, format="json")
    assert_error(response, 401, "AUTH_NOT_AUTHENTICATED")


def test_update_with_a_bad_token_is_401(api_client, default_areas):
    response = api_client.put(
        "/api/v1/areas/health", {"title_en": "X"}, format="json", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert response.status_code == 401


def test_admin_updates_only_the_fields_sent(admin_client_api, default_areas):
    area = result(
        admin_client_api.put("/api/v1/areas/health", {"title_en": "Wellbeing", "order_index": 5}, format="json")
    )
    assert area["title"] == "Wellbeing"
    assert area["order_index"] == 5
    saved = Area.objects.get(id="health")
    assert (saved.title_en, saved.title_ru, saved.color) == ("Wellbeing", "Здоровье", "#4CAF50")


def test_update_cannot_change_the_id(admin_client_api, default_areas):
    response = admin_client_api.put("/api/v1/areas/health", {"id": "wellness"}, format="json")
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert "id" in error["fields"]
    assert not Area.objects.filter(id="wellness").exists()


def test_update_validates_fields(admin_client_api, default_areas):
    error = assert_error(
        admin_client_api.put("/api/v1/areas/health", {"color": "blue"}, format="json"), 422, "VALIDATION_ERROR"
    )
    assert "color" in error["fields"]


def test_update_of_a_missing_area_is_area_not_found(admin_client_api):
    assert_error(admin_client_api.put("/api/v1/areas/nope", {"title_en": "X"}, format="json"), 404, "AREA_NOT_FOUND")


# --- DELETE /areas/{id}


def test_delete_by_a_regular_user_is_forbidden(auth_client, default_areas):
    assert_error(auth_client.delete("/api/v1/areas/health"), 403, "AUTH_FORBIDDEN")
    assert Area.objects.get(id="health").is_active is True


def test_delete_without_authentication_is_401(api_client, default_areas):
    assert_error(api_client.delete("/api/v1/areas/health"), 401, "AUTH_NOT_AUTHENTICATED")


def test_delete_is_soft_and_returns_the_area(admin_client_api, default_areas):
    area = result(admin_client_api.delete("/api/v1/areas/health"))
    assert area["id"] == "health"
    assert area["is_active"] is False
    assert Area.objects.get(id="health").is_active is False


def test_delete_of_a_missing_area_is_area_not_found(admin_client_api):
    assert_error(admin_client_api.delete("/api/v1/areas/nope"), 404, "AREA_NOT_FOUND")


# --- cache invalidation through the API


def test_update_refreshes_cached_list_and_item(admin_client_api, api_client, default_areas):
    assert result(admin_client_api.get("/api/v1/areas"))["items"][0]["title"] == "Health"
    assert result(api_client.get("/api/v1/areas/health", HTTP_ACCEPT_LANGUAGE="en"))["title"] == "Health"
    result(admin_client_api.get("/api/v1/areas?include_inactive=true"))
    result(admin_client_api.put("/api/v1/areas/health", {"title_en": "Body and mind"}, format="json"))
    assert result(admin_client_api.get("/api/v1/areas"))["items"][0]["title"] == "Body and mind"
    assert result(admin_client_api.get("/api/v1/areas?include_inactive=true"))["items"][0]["title"] == "Body and mind"
    assert result(api_client.get("/api/v1/areas/health", HTTP_ACCEPT_LANGUAGE="en"))["title"] == "Body and mind"


def test_create_appears_in_the_cached_list(admin_client_api, default_areas):
    result(admin_client_api.get("/api/v1/areas"))
    result(admin_client_api.post("/api/v1/areas", NEW_AREA, format="json"))
    ids = [item["id"] for item in result(admin_client_api.get("/api/v1/areas"))["items"]]
    assert ids[-1] == "spirituality"


def test_delete_removes_the_area_from_the_cached_active_list(admin_client_api, api_client, default_areas):
    result(admin_client_api.get("/api/v1/areas"))
    assert result(api_client.get("/api/v1/areas/career"))["is_active"] is True
    result(admin_client_api.delete("/api/v1/areas/career"))
    assert "career" not in [item["id"] for item in result(admin_client_api.get("/api/v1/areas"))["items"]]
    assert result(api_client.get("/api/v1/areas/career"))["is_active"] is False


def test_deleted_default_area_is_not_brought_back_active(admin_client_api, default_areas):
    result(admin_client_api.delete("/api/v1/areas/career"))
    cache.clear()
    assert "career" not in [item["id"] for item in result(admin_client_api.get("/api/v1/areas"))["items"]]


# --- query counts


def test_list_query_count_cold_and_warm(auth_client, default_areas, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # session + defaults check + list
        result(auth_client.get("/api/v1/areas"))
    with django_assert_max_num_queries(1):  # session only
        result(auth_client.get("/api/v1/areas"))


def test_very_first_list_and_item_query_counts(auth_client, api_client, django_assert_max_num_queries):
    """No areas at all yet: the defaults are created in one bulk insert, not one per area."""
    with django_assert_max_num_queries(6):  # session, existing ids, bulk insert (+savepoint), list
        assert len(result(auth_client.get("/api/v1/areas"))["items"]) == 8
    Area.objects.all().delete()
    cache.clear()
    with django_assert_max_num_queries(6):  # missing item, existing ids, bulk insert (+savepoint), item
        assert result(api_client.get("/api/v1/areas/career"))["id"] == "career"


def test_list_with_inactive_query_count_cold_and_warm(auth_client, default_areas, django_assert_max_num_queries):
    Area.objects.filter(id="health").update(is_active=False)
    with django_assert_max_num_queries(3):
        assert len(result(auth_client.get("/api/v1/areas?include_inactive=true"))["items"]) == 8
    with django_assert_max_num_queries(1):
        assert len(result(auth_client.get("/api/v1/areas?include_inactive=true"))["items"]) == 8


def test_list_query_count_does_not_grow_with_areas(auth_client, default_areas, django_assert_max_num_queries):
    for index in range(30):
        AreaFactory(id=f"extra_{index}")
    with django_assert_max_num_queries(3):
        assert len(result(auth_client.get("/api/v1/areas"))["items"]) == 38


def test_item_query_count(api_client, default_areas, django_assert_max_num_queries, django_assert_num_queries):
    with django_assert_max_num_queries(1):
        result(api_client.get("/api/v1/areas/health"))
    with django_assert_num_queries(0):
        result(api_client.get("/api/v1/areas/health"))


def test_admin_flag_is_required_not_superuser(db):
    staff = client_for(UserFactory(is_staff=True))
    assert result(staff.post("/api/v1/areas", NEW_AREA, format="json"))["id"] == "spirituality"


def test_default_area_texts_exist_in_both_languages():
    assert len(DEFAULT_AREAS) == 8
    for area in DEFAULT_AREAS:
        assert area["title_ru"] and area["title_en"] and area["description_ru"] and area["description_en"]
        assert area["title_ru"] != area["title_en"]


def test_error_messages_are_translated(api_client):
    ru = assert_error(api_client.get("/api/v1/areas/nope"), 404, "AREA_NOT_FOUND")
    en = assert_error(api_client.get("/api/v1/areas/nope", HTTP_ACCEPT_LANGUAGE="en"), 404, "AREA_NOT_FOUND")
    assert ru["message"] == "Сфера не найдена."
    assert en["message"] == "Area not found."

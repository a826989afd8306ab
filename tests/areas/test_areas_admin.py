"""Edits in the Django admin go through the services and drop the cached areas."""

import pytest

from apps.areas.models import Area
from tests.areas.factories import AreaFactory
from tests.areas.helpers import result

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/areas/area/{}/change/"
LIST_URL = "/admin/areas/area/"


def change_form(area: Area, **changes) -> dict:
    data = {
        "title_ru": area.title_ru,
        "title_en": area.title_en,
        "description_ru": area.description_ru,
        "description_en": area.description_en,
        "icon": area.icon,
        "color": area.color,
        "order_index": area.order_index,
        **changes,
    }
    if data.pop("is_active", area.is_active):
        data["is_active"] = "on"
    return data


def test_admin_list_and_filters_render(admin_site_client, default_areas):
    response = admin_site_client.get(LIST_URL + "?is_active__exact=1&q=health")
    assert response.status_code == 200
    assert b"health" in response.content


def test_admin_change_and_add_pages_render(admin_site_client, default_areas):
    page = admin_site_client.get(CHANGE_URL.format("health"))
    assert page.status_code == 200
    assert "Здоровье" in page.content.decode()
    assert admin_site_client.get(LIST_URL + "add/").status_code == 200


def test_admin_change_refreshes_cached_list_and_item(admin_site_client, auth_client, api_client, default_areas):
    assert result(auth_client.get("/api/v1/areas"))["items"][0]["title"] == "Health"
    assert result(api_client.get("/api/v1/areas/health"))["title"] == "Здоровье"
    area = Area.objects.get(id="health")

    response = admin_site_client.post(
        CHANGE_URL.format("health"), change_form(area, title_en="Health & energy", title_ru="Здоровье и энергия")
    )

    assert response.status_code == 302, response.content
    assert Area.objects.get(id="health").title_en == "Health & energy"
    assert result(auth_client.get("/api/v1/areas"))["items"][0]["title"] == "Health & energy"
    assert result(api_client.get("/api/v1/areas/health"))["title"] == "Здоровье и энергия"


def test_admin_change_cannot_change_the_id(admin_site_client, default_areas):
    area = Area.objects.get(id="health")
    admin_site_client.post(CHANGE_URL.format("health"), {**change_form(area), "id": "wellness"})
    assert not Area.objects.filter(id="wellness").exists()
    assert Area.objects.filter(id="health").exists()


def test_admin_add_appears_in_the_cached_list(admin_site_client, auth_client, default_areas):
    result(auth_client.get("/api/v1/areas"))
    data = {
        "id": "pets",
        "title_ru": "Питомцы",
        "title_en": "Pets",
        "color": "#00FF00",
        "order_index": 200,
        "is_active": "on",
    }

    response = admin_site_client.post("/admin/areas/area/add/", data)

    assert response.status_code == 302, response.content
    assert Area.objects.get(id="pets").title_en == "Pets"
    assert result(auth_client.get("/api/v1/areas"))["items"][-1]["id"] == "pets"


def test_admin_add_with_a_taken_id_changes_nothing(admin_site_client, default_areas):
    data = {"id": "health", "title_ru": "Другое", "title_en": "Other", "color": "#00FF00", "order_index": 1}
    response = admin_site_client.post("/admin/areas/area/add/", data)
    assert response.status_code == 200  # the form is shown again with the error
    assert Area.objects.get(id="health").title_en == "Health"


def test_admin_deactivate_action_refreshes_the_cache(admin_site_client, auth_client, api_client, default_areas):
    result(auth_client.get("/api/v1/areas"))
    result(api_client.get("/api/v1/areas/leisure"))

    response = admin_site_client.post(
        LIST_URL, {"action": "deactivate_areas", "_selected_action": ["leisure", "finance"]}
    )

    assert response.status_code == 302
    assert set(Area.objects.filter(is_active=False).values_list("id", flat=True)) == {"leisure", "finance"}
    ids = [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]
    assert "leisure" not in ids and "finance" not in ids
    assert result(api_client.get("/api/v1/areas/leisure"))["is_active"] is False


def test_admin_activate_action_refreshes_the_cache(admin_site_client, auth_client, default_areas):
    Area.objects.filter(id="leisure").update(is_active=False)
    assert "leisure" not in [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]

    admin_site_client.post(LIST_URL, {"action": "activate_areas", "_selected_action": ["leisure"]})

    assert "leisure" in [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]


def test_admin_delete_refreshes_the_cache(admin_site_client, auth_client, api_client, default_areas):
    AreaFactory(id="pets")
    assert "pets" in [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]
    result(api_client.get("/api/v1/areas/pets"))

    response = admin_site_client.post("/admin/areas/area/pets/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Area.objects.filter(id="pets").exists()
    assert "pets" not in [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]
    assert api_client.get("/api/v1/areas/pets").status_code == 404


def test_admin_bulk_delete_refreshes_the_cache(admin_site_client, auth_client, api_client, default_areas):
    AreaFactory(id="pets")
    AreaFactory(id="music")
    result(auth_client.get("/api/v1/areas"))
    result(api_client.get("/api/v1/areas/music"))

    response = admin_site_client.post(
        LIST_URL, {"action": "delete_selected", "_selected_action": ["pets", "music"], "post": "yes"}
    )

    assert response.status_code == 302
    assert not Area.objects.filter(id__in=["pets", "music"]).exists()
    ids = [item["id"] for item in result(auth_client.get("/api/v1/areas"))["items"]]
    assert "pets" not in ids and "music" not in ids
    assert api_client.get("/api/v1/areas/music").status_code == 404


def test_admin_requires_staff(client, user):
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

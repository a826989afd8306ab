"""Spec 6.1: POST/PUT /areas take the AreaPublic names (`title`, `description` in the caller's
locale) as well as the columns of each locale; a field is applied or refused with 422, never
silently ignored."""

import pytest

from apps.areas.models import Area
from tests.accounts.factories import UserFactory
from tests.areas.helpers import assert_error, result
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ru_admin(db):
    return client_for(UserFactory(is_staff=True, is_superuser=True, locale="ru"))


@pytest.fixture
def en_admin(db):
    return client_for(UserFactory(is_staff=True, is_superuser=True, locale="en"))


def test_create_with_the_area_public_names(en_admin):
    body = {"id": "pets", "title": "Pets", "description": "Cats and dogs.", "icon": "🐾", "color": "#112233",
            "order_index": 9, "is_active": True}
    area = result(en_admin.post("/api/v1/areas", body, format="json"))
    assert {k: area[k] for k in body} == body
    saved = Area.objects.get(id="pets")
    # One locale given: used for both until someone translates it.
    assert (saved.title_en, saved.title_ru, saved.description_ru) == ("Pets", "Pets", "Cats and dogs.")


def test_title_is_written_in_the_callers_locale(ru_admin):
    body = {"id": "pets", "title": "Питомцы", "title_en": "Pets"}
    area = result(ru_admin.post("/api/v1/areas", body, format="json"))
    assert area["title"] == "Питомцы"
    saved = Area.objects.get(id="pets")
    assert (saved.title_ru, saved.title_en) == ("Питомцы", "Pets")


def test_put_title_renames_in_the_callers_locale_only(en_admin, ru_admin, default_areas):
    assert result(en_admin.put("/api/v1/areas/health", {"title": "Wellbeing"}, format="json"))["title"] == "Wellbeing"
    assert result(ru_admin.put("/api/v1/areas/health", {"description": "Тело и дух"}, format="json"))["description"] == (
        "Тело и дух"
    )
    saved = Area.objects.get(id="health")
    assert (saved.title_en, saved.title_ru, saved.description_ru) == ("Wellbeing", "Здоровье", "Тело и дух")
    assert result(en_admin.get("/api/v1/areas/health"))["title"] == "Wellbeing"  # the cache was dropped


def test_put_accepts_its_own_id(en_admin, default_areas):
    assert result(en_admin.put("/api/v1/areas/health", {"id": "health", "order_index": 3}, format="json"))["order_index"] == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"colour": "#112233"}, "colour"),
        ({"name": "Wellbeing"}, "name"),
        ({"created_at": "2026-01-01T00:00:00Z"}, "created_at"),
        ({"updated_at": "2026-01-01T00:00:00Z"}, "updated_at"),
        ({"title": "Wellbeing", "title_en": "Other"}, "title"),
        ({"title": ""}, "title"),
        ({"title": 5}, "title"),
    ],
)
def test_put_refuses_instead_of_ignoring(en_admin, default_areas, body, field):
    before = Area.objects.values().get(id="health")
    error = assert_error(en_admin.put("/api/v1/areas/health", body, format="json"), 422, "VALIDATION_ERROR")
    assert field in error["fields"]
    assert Area.objects.values().get(id="health") == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"id": "pets", "title": "Pets", "slug": "pets"}, {"slug"}),
        ({"id": "pets", "title": "Pets", "created_at": "2026-01-01T00:00:00Z"}, {"created_at"}),
        ({"id": "pets", "title": "Pets", "title_en": "Animals"}, {"title"}),
        ({"id": "pets", "description": "No title"}, {"title", "title_ru", "title_en"}),
    ],
)
def test_create_refuses_instead_of_ignoring(en_admin, body, fields):
    error = assert_error(en_admin.post("/api/v1/areas", body, format="json"), 422, "VALIDATION_ERROR")
    assert fields <= set(error["fields"])
    assert not Area.objects.filter(id="pets").exists()


def test_refusals_speak_the_callers_language(ru_admin, default_areas):
    error = assert_error(ru_admin.put("/api/v1/areas/health", {"colour": "#112233"}, format="json"), 422, "VALIDATION_ERROR")
    assert error["fields"] == {"colour": ["Неизвестное поле."]}

import threading
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from apps.areas import selectors, services
from apps.areas.errors import AreaAlreadyExists, AreaNotFound
from apps.areas.models import Area
from apps.areas.presenters import area_public
from apps.core.usercache import ALL
from tests.areas.factories import AreaFactory
from tests.conftest import postgres_only
from tests.helpers import cached_answer

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_areas", stdout=out)
    return out.getvalue()


def test_seed_areas_creates_the_defaults_once():
    first = seed()
    second = seed()
    assert Area.objects.count() == 8
    assert "Created 8" in first
    assert "Created" not in second
    assert "8 default area(s) already existed" in second


def test_seed_areas_keeps_admin_edits_and_fills_gaps(default_areas):
    Area.objects.filter(id="health").update(title_en="My health", is_active=False)
    Area.objects.filter(id="career").delete()

    output = seed()

    assert "career" in output
    health = Area.objects.get(id="health")
    assert (health.title_en, health.is_active) == ("My health", False)
    assert Area.objects.get(id="career").title_en == "Career"


def test_ensure_default_areas_renews_the_cached_lists():
    for include_inactive in (False, True):
        selectors.AREAS_CACHE.fill(part=selectors.area_list_part(include_inactive), generation="old", body=[])
    cache.set(selectors.AREAS_CACHE.keys()[1], "old")
    assert cached_answer(selectors.AREAS_CACHE, ALL, part="list:0") == []
    services.ensure_default_areas()
    assert cached_answer(selectors.AREAS_CACHE, ALL, part="list:0") is None
    assert cached_answer(selectors.AREAS_CACHE, ALL, part="list:1") is None


def test_a_read_that_creates_the_defaults_caches_its_answer_at_once(django_assert_num_queries):
    assert len(selectors.area_list()) == 8
    with django_assert_num_queries(0):
        assert len(selectors.area_list()) == 8


def test_area_create_refuses_a_taken_id_without_touching_it():
    AreaFactory(id="pets", title_en="Pets")
    with pytest.raises(AreaAlreadyExists):
        services.area_create(id="pets", title_ru="Другое", title_en="Other")
    assert Area.objects.get(id="pets").title_en == "Pets"


def test_area_update_refuses_unknown_fields(default_areas):
    with pytest.raises(TypeError):
        services.area_update(area=Area.objects.get(id="health"), id="other")


def test_active_area_ids_lists_only_active_areas(default_areas):
    Area.objects.filter(id="finance").update(is_active=False)
    cache.clear()
    assert selectors.active_area_ids() == {
        "health",
        "career",
        "relationships",
        "family_friends",
        "personal_growth",
        "leisure",
        "environment",
    }


def test_active_area_ids_follows_deactivation(default_areas):
    assert "finance" in selectors.active_area_ids()
    services.area_deactivate(area=Area.objects.get(id="finance"))
    assert "finance" not in selectors.active_area_ids()


def test_area_get_raises_for_missing():
    with pytest.raises(AreaNotFound):
        selectors.area_get(area_id="missing")


def test_area_list_records_carry_both_languages(default_areas):
    record = selectors.area_list(include_inactive=False)[0]
    assert (record["title_ru"], record["title_en"]) == ("Здоровье", "Health")
    assert area_public(record, "en")["title"] == "Health"
    assert area_public(record, "ru")["title"] == "Здоровье"


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_ensure_default_areas_creates_each_area_once():
    errors = []
    barrier = threading.Barrier(8)

    def run():
        try:
            barrier.wait()
            services.ensure_default_areas()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Area.objects.count() == 8


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_of_one_id_succeed_once():
    outcomes = []
    barrier = threading.Barrier(6)

    def run(index):
        try:
            barrier.wait()
            services.area_create(id="pets", title_ru=f"Питомцы {index}", title_en=f"Pets {index}")
            outcomes.append("created")
        except AreaAlreadyExists:
            outcomes.append("exists")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["exists"] * 5
    assert Area.objects.filter(id="pets").count() == 1

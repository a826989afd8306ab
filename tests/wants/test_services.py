"""Service-level rules: a completed record is immutable whatever calls the service."""

import pytest

from apps.gamification.models import XPEvent
from apps.wants import services
from apps.wants.errors import WantsRawImmutable, WantsRawNotReady
from apps.wants.models import WantsRaw

from .factories import CompletedWantsRawFactory, ReadyWantsRawFactory, WantsRawFactory

pytestmark = pytest.mark.django_db

MUTATIONS = [
    ("wants_stream_start", {}),
    ("wants_stream_append", {"text": "late"}),
    ("wants_stream_finish", {}),
    ("wants_future_me_set", {"text": "late"}),
    ("wants_future_me_append", {"text": "late"}),
    ("wants_future_me_finish", {}),
    ("wants_reverse_update", {"raw_envy": "late"}),
    ("wants_complete", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), MUTATIONS)
def test_every_mutation_refuses_a_completed_record(name, kwargs):
    raw = CompletedWantsRawFactory()
    before = WantsRaw.objects.filter(pk=raw.pk).values().get()
    with pytest.raises(WantsRawImmutable) as exc_info:
        getattr(services, name)(raw=raw, **kwargs)
    assert exc_info.value.code == "WANTS_RAW_IMMUTABLE"
    assert exc_info.value.http_code == 409
    assert WantsRaw.objects.filter(pk=raw.pk).values().get() == before


@pytest.mark.parametrize(("name", "kwargs"), MUTATIONS)
def test_a_stale_draft_instance_cannot_write_into_the_completed_row(name, kwargs):
    raw = ReadyWantsRawFactory()
    stale = WantsRaw.objects.get(pk=raw.pk)
    services.wants_complete(raw=raw)
    with pytest.raises(WantsRawImmutable):
        getattr(services, name)(raw=stale, **kwargs)
    assert WantsRaw.objects.get(pk=raw.pk).raw_envy == raw.raw_envy


def test_complete_is_atomic_with_the_xp_award():
    raw = WantsRawFactory()
    with pytest.raises(WantsRawNotReady):
        services.wants_complete(raw=raw)
    assert not XPEvent.objects.exists()
    assert WantsRaw.objects.get(pk=raw.pk).status == "draft"


def test_draft_get_or_create_returns_the_existing_draft(user):
    first = services.wants_draft_get_or_create(user=user)
    assert services.wants_draft_get_or_create(user=user).pk == first.pk
    CompletedWantsRawFactory(user=user)
    assert services.wants_draft_get_or_create(user=user).pk == first.pk


@pytest.mark.parametrize("light", [False, True])
def test_draft_get_or_create_recovers_from_a_lost_insert_race(user, monkeypatch, light):
    """Simulate the race: our first look finds no draft, but a rival request has inserted
    one before our INSERT; that INSERT hits the unique constraint inside a savepoint and the
    rival's draft is returned."""
    from django.db.models.query import QuerySet

    rival = WantsRawFactory(user=user)
    real_first = QuerySet.first
    looks = []

    def first_misses_once(self):
        looks.append(1)
        return None if len(looks) == 1 else real_first(self)

    monkeypatch.setattr(QuerySet, "first", first_misses_once)
    assert services.wants_draft_get_or_create(user=user, light=light).pk == rival.pk
    assert WantsRaw.objects.count() == 1


def test_reverse_update_refuses_unknown_fields():
    with pytest.raises(TypeError):
        services.wants_reverse_update(raw=WantsRawFactory(), status="completed")

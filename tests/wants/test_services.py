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


def test_draft_get_or_create_recovers_from_a_lost_insert_race(user, monkeypatch):
    """Simulate the race: the first look sees no draft, another request inserts one, our INSERT
    hits the unique constraint — the winner's draft is returned, the transaction survives."""
    winner = WantsRawFactory(user=user)
    real_filter = WantsRaw.objects.filter
    calls = {"n": 0}

    class EmptyOnce:
        def __init__(self, qs):
            self.qs = qs

        def first(self):
            return None

    def filter_once(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return EmptyOnce(qs) if calls["n"] == 1 else qs

    monkeypatch.setattr(WantsRaw.objects, "filter", filter_once)
    assert services.wants_draft_get_or_create(user=user).pk == winner.pk
    assert WantsRaw.objects.count() == 1


def test_reverse_update_refuses_unknown_fields():
    with pytest.raises(TypeError):
        services.wants_reverse_update(raw=WantsRawFactory(), status="completed")

"""Concurrency on PostgreSQL (threads, real commits): 20 parallel requests for the same picture
with k image units left: a request arriving while a job for that picture runs joins it (one
image call serves them all), so at most k jobs run and are charged, and exactly one file —
the asset's current one — is left in the storage."""

import pytest
from django.core.files.storage import default_storage

from apps.ai.models import AIJob
from apps.gamification.models import XPEvent
from apps.limits.models import QuotaCharge
from apps.limits.services import quota_charge, quota_usage
from apps.visuals.models import VisualAsset
from tests.conftest import client_for, postgres_only
from tests.future_story.factories import FutureStoryFactory
from tests.helpers import run_parallel

from .factories import VisualAssetFactory

pytestmark = [postgres_only(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def files_of(user) -> list[str]:
    return default_storage.listdir(f"{user.pk}/future_story_generated_images")[1]


@pytest.fixture
def pro_with_three_left(user):
    user.plan = "pro"
    user.save()
    for index in range(17):
        quota_charge(user=user, resource="image", key=f"used-{index}")
    return user


def test_twenty_parallel_generations_with_three_units_left_succeed_three_times(pro_with_three_left):
    user = pro_with_three_left
    story = FutureStoryFactory(user=user)
    clients = [client_for(user) for _ in range(20)]
    body = {"story_id": str(story.id), "image_key": "health"}
    responses = run_parallel(20, lambda i: clients[i].post("/api/v1/visuals/generate-story-image", body, format="json"))
    codes = [r.status_code for r in responses]
    jobs = AIJob.objects.filter(user=user, kind="visuals.generate_story_image").count()
    assert set(codes) <= {200, 403} and 1 <= jobs <= 3, codes
    assert codes.count(200) >= jobs  # each job answered everyone who joined it
    assert quota_usage(user=user)["image"] == {"used": 17 + jobs, "limit": 20}
    assert QuotaCharge.objects.filter(user=user, resource="image").count() == 17 + jobs
    asset = VisualAsset.objects.get(story=story)
    assert files_of(user) == [asset.file_name.rsplit("/", 1)[1]]
    assert XPEvent.objects.filter(user=user, reason="image").count() == 1


def test_twenty_parallel_regenerations_with_three_units_left_leave_one_file(pro_with_three_left):
    user = pro_with_three_left
    asset = VisualAssetFactory(story=FutureStoryFactory(user=user))
    clients = [client_for(user) for _ in range(20)]
    responses = run_parallel(
        20, lambda i: clients[i].post("/api/v1/visuals/regenerate", {"asset_id": str(asset.id)}, format="json")
    )
    codes = [r.status_code for r in responses]
    jobs = AIJob.objects.filter(user=user, kind="visuals.regenerate").count()
    assert set(codes) <= {200, 403} and 1 <= jobs <= 3 and codes.count(200) >= jobs, codes
    asset.refresh_from_db()
    assert files_of(user) == [asset.file_name.rsplit("/", 1)[1]]
    assert quota_usage(user=user)["image"]["used"] == 17 + jobs

"""The story and its picture through a real Celery worker (started by .ci/run; skipped
otherwise): the worker writes the file to the storage the web serves from."""

import shutil

import pytest

from apps.ai.models import AIJob
from tests.conftest import worker_registered_tasks
from tests.future_story.helpers import answer, image_used, ok, text_used
from tests.helpers import worker_finished_job

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_media(settings):
    """The worker runs mechta.settings.test: the web side must use its MEDIA_ROOT."""
    from mechta.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    yield settings.MEDIA_ROOT


def test_story_then_picture_in_the_worker(celery_worker_app, auth_client, worker_media, client):
    answer(auth_client, "leisure", "I sail on the sea every summer")
    story = ok(auth_client.post("/api/v1/future-story/generate"))
    assert "I sail on the sea every summer" in story["horizons"]["3y"]["full_text"]
    assert text_used(auth_client.user) == 1
    try:
        asset = ok(
            auth_client.post(
                "/api/v1/visuals/generate-story-image", {"story_id": story["id"], "image_key": "leisure"}, format="json"
            )
        )
        assert image_used(auth_client.user) == 1
        assert asset["gamification_event"]["reason"] == "image"
        assert client.get(asset["url"]).status_code == 200
        jobs = AIJob.objects.filter(user=auth_client.user)
        assert sorted(job.kind for job in jobs) == ["future_story.generate", "visuals.generate_story_image"]
        assert all(worker_finished_job(job.pk).started_at for job in jobs)  # the worker ran them
    finally:
        shutil.rmtree(worker_media / str(auth_client.user.pk), ignore_errors=True)


def test_worker_registers_the_story_and_picture_tasks(celery_worker_app):
    registered = worker_registered_tasks(celery_worker_app)
    assert {"future_story.generate", "visuals.generate_story_image", "visuals.regenerate"} <= registered

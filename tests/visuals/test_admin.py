"""The Django admin pages of stories, drafts and pictures load for a superuser, read-only;
deleting a picture in the admin removes its file after the commit."""

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase

from tests.accounts.factories import UserFactory
from tests.future_story.factories import FutureStoryAnswerFactory, FutureStoryFactory

from .factories import VisualAssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_story_changelist_search_and_change_view(admin_site):
    story = FutureStoryFactory(horizons={"3y": {"full_text": "A house by the lake", "by_area": []}, "5y": {}})
    FutureStoryFactory.create_batch(2)
    assert str(story.id) in admin_site.get("/admin/future_story/futurestory/").content.decode()
    assert admin_site.get(f"/admin/future_story/futurestory/?q={story.user.email}").status_code == 200
    page = admin_site.get(f"/admin/future_story/futurestory/{story.id}/change/")
    assert page.status_code == 200 and "A house by the lake" in page.content.decode()
    assert admin_site.get("/admin/future_story/futurestory/add/").status_code == 403


def test_draft_change_view_shows_the_answers(admin_site):
    answer = FutureStoryAnswerFactory(answer="I swim every day")
    assert admin_site.get("/admin/future_story/futurestorydraft/").status_code == 200
    page = admin_site.get(f"/admin/future_story/futurestorydraft/{answer.draft_id}/change/")
    assert page.status_code == 200 and "I swim every day" in page.content.decode()


def test_asset_changelist_shows_a_thumbnail_and_change_view_a_preview(admin_site):
    asset = VisualAssetFactory()
    listing = admin_site.get("/admin/visuals/visualasset/").content.decode()
    assert f'src="/uploads/{asset.file_name}"' in listing
    page = admin_site.get(f"/admin/visuals/visualasset/{asset.id}/change/")
    assert page.status_code == 200 and f'src="/uploads/{asset.file_name}"' in page.content.decode()
    assert admin_site.get("/admin/visuals/visualasset/add/").status_code == 403


def test_deleting_an_asset_in_the_admin_removes_its_file(admin_site):
    asset = VisualAssetFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_site.post(f"/admin/visuals/visualasset/{asset.id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not default_storage.exists(asset.file_name)


def test_deleting_a_story_in_the_admin_removes_its_pictures_files(admin_site):
    asset = VisualAssetFactory()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_site.post(f"/admin/future_story/futurestory/{asset.story_id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not default_storage.exists(asset.file_name)

"""The Django admin pages of wants load for a superuser and show the records read-only."""

import pytest

from tests.accounts.factories import UserFactory

from .factories import CompletedWantsRawFactory, WantsAnalysisFactory, WantsRawFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_wants_raw_changelist_search_and_change_view(admin_site):
    raw = CompletedWantsRawFactory(raw_wants_stream="I want a red bicycle")
    WantsRawFactory.create_batch(3)
    listing = admin_site.get("/admin/wants/wantsraw/")
    assert listing.status_code == 200
    assert str(raw.id) in listing.content.decode()
    assert admin_site.get(f"/admin/wants/wantsraw/?q={raw.user.email}&status__exact=completed").status_code == 200
    page = admin_site.get(f"/admin/wants/wantsraw/{raw.id}/change/")
    assert page.status_code == 200
    assert "I want a red bicycle" in page.content.decode()
    assert admin_site.get("/admin/wants/wantsraw/add/").status_code == 403


def test_wants_analysis_changelist_search_and_change_view(admin_site):
    analysis = WantsAnalysisFactory(summary="Freedom is the theme")
    listing = admin_site.get("/admin/wants/wantsanalysis/")
    assert listing.status_code == 200
    assert str(analysis.id) in listing.content.decode()
    assert admin_site.get(f"/admin/wants/wantsanalysis/?q={analysis.user.email}").status_code == 200
    page = admin_site.get(f"/admin/wants/wantsanalysis/{analysis.id}/change/")
    assert page.status_code == 200
    assert "Freedom is the theme" in page.content.decode()


def test_admin_cannot_edit_a_record(admin_site):
    raw = CompletedWantsRawFactory(raw_envy="Nobody")
    admin_site.post(f"/admin/wants/wantsraw/{raw.id}/change/", {"raw_envy": "Changed"})
    raw.refresh_from_db()
    assert raw.raw_envy == "Nobody"


def test_deleting_a_draft_in_the_admin_shows_in_the_cached_progress(admin_site):
    from tests.conftest import client_for

    draft = WantsRawFactory()
    owner = client_for(draft.user)
    assert owner.get("/api/v1/wants/progress").json()["result"]["raw_id"] == str(draft.id)  # cached now
    response = admin_site.post(f"/admin/wants/wantsraw/{draft.id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert owner.get("/api/v1/wants/progress").json()["result"]["raw_id"] is None


def test_bulk_deleting_drafts_in_the_admin_shows_in_the_cached_progress(admin_site):
    from tests.conftest import client_for

    draft = WantsRawFactory()
    owner = client_for(draft.user)
    assert owner.get("/api/v1/wants/progress").json()["result"]["raw_id"] == str(draft.id)
    data = {"action": "delete_selected", "_selected_action": [str(draft.id)], "post": "yes"}
    assert admin_site.post("/admin/wants/wantsraw/", data).status_code == 302
    assert owner.get("/api/v1/wants/progress").json()["result"]["raw_id"] is None

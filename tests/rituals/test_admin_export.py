"""Django admin of rituals is read-only; the personal-data export carries entries and reviews."""

from datetime import date

import pytest

from apps.core.registry import exporters
from apps.rituals.models import JournalEntry, WeeklyReview
from tests.accounts.factories import UserFactory

from .factories import JournalEntryFactory, WeeklyReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_journal_entries_can_be_looked_at(admin_site):
    entry = JournalEntryFactory(answers={"gratitude": "a red bicycle"}, entry_date=date(2026, 11, 2))
    JournalEntryFactory.create_batch(3)
    listing = admin_site.get("/admin/rituals/journalentry/")
    assert listing.status_code == 200
    assert entry.user.email in listing.content.decode()
    assert admin_site.get(f"/admin/rituals/journalentry/?q={entry.user.email}&type__exact=morning").status_code == 200
    page = admin_site.get(f"/admin/rituals/journalentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert "a red bicycle" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()


def test_journal_entries_cannot_be_added_changed_or_deleted(admin_site):
    entry = JournalEntryFactory(mood_score=5)
    assert admin_site.get("/admin/rituals/journalentry/add/").status_code == 403
    response = admin_site.post(
        f"/admin/rituals/journalentry/{entry.pk}/change/",
        {"user": entry.user_id, "type": "evening", "entry_date": "2020-01-01", "answers": "{}", "mood_score": 1},
    )
    assert response.status_code == 403
    assert admin_site.post(f"/admin/rituals/journalentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = admin_site.post(
        "/admin/rituals/journalentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    entry.refresh_from_db()
    assert (entry.type, entry.mood_score) == ("morning", 5)
    assert JournalEntry.objects.count() == 1


def test_weekly_reviews_are_read_only_too(admin_site):
    review = WeeklyReviewFactory(week_start=date(2026, 11, 9), user_reflection="Quiet week")
    assert admin_site.get("/admin/rituals/weeklyreview/").status_code == 200
    page = admin_site.get(f"/admin/rituals/weeklyreview/{review.pk}/change/")
    assert page.status_code == 200 and "Quiet week" in page.content.decode()
    assert admin_site.get("/admin/rituals/weeklyreview/add/").status_code == 403
    assert admin_site.post(f"/admin/rituals/weeklyreview/{review.pk}/delete/", {"post": "yes"}).status_code == 403
    assert WeeklyReview.objects.count() == 1


def test_export_has_the_users_entries_and_reviews_only(user):
    JournalEntryFactory(user=user, entry_date=date(2026, 11, 2), answers={"gratitude": "sun"})
    WeeklyReviewFactory(user=user, week_start=date(2026, 11, 2), ai_analysis={"summary": "ok"})
    JournalEntryFactory(entry_date=date(2026, 11, 2))
    WeeklyReviewFactory(week_start=date(2026, 11, 2))
    data = exporters()["rituals"](user)
    assert [e["answers"] for e in data["journal_entries"]] == [{"gratitude": "sun"}]
    assert [(r["week_start"], r["status"], r["ai_analysis"]) for r in data["weekly_reviews"]] == [
        ("2026-11-02", "completed", {"summary": "ok"})
    ]


def test_deleting_the_user_deletes_their_reviews(user):
    WeeklyReviewFactory(user=user, week_start=date(2026, 11, 2))
    user.delete()
    assert not WeeklyReview.objects.exists()

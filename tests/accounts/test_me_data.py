"""GET /me/export holds every registered app's data and no secret; DELETE /me removes the
user's rows in every app, their files and their cached entries."""

import os
import uuid

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.utils import timezone

from apps.accounts.models import EmailVerification, PasswordResetToken, Session, User
from apps.core.registry import exporters
from apps.gamification.models import UserAchievement
from apps.gamification.services import xp_award
from apps.limits.services import quota_charge
from tests.future_story.factories import FutureStoryAnswerFactory
from tests.gamification.factories import AchievementFactory, JournalEntryFactory
from tests.life_wheel.factories import LifeWheelFactory
from tests.visuals.factories import VisualAssetFactory
from tests.wants.factories import WantsAnalysisFactory

from .conftest import PASSWORD, assert_error, result

pytestmark = pytest.mark.django_db

EXPECTED_SECTIONS = {"user", "sessions", "quotas", "life_wheel", "wants", "gamification", "rituals", "esoterics",
                     "future_story", "visuals"}


def user_with_data_everywhere(user):
    """One row (or more) in every app that stores user data."""
    LifeWheelFactory(user=user, note="my wheel note")
    WantsAnalysisFactory(raw__user=user, summary="my wants summary")
    FutureStoryAnswerFactory(draft__user=user, answer="my future story answer")
    VisualAssetFactory(story__user=user, prompt="my picture prompt")
    xp_award(user=user, reason="life_wheel", object_id=uuid.uuid4())
    UserAchievement.objects.create(user=user, achievement=AchievementFactory(), obtained_at=timezone.now())
    JournalEntryFactory(user=user, entry_date=timezone.now().date(), answers={"gratitude": "my journal line"})
    quota_charge(user=user, resource="text", key=f"task-{uuid.uuid4()}")
    user.daily_tip_cache = {"date": "2026-03-01", "locale": "en", "text": "my daily tip"}
    user.save()
    tag = user.pk.hex[:8]
    EmailVerification.objects.create(
        user=user, token_hash=f"{tag}{'v' * 56}", code_hash=f"{tag}{'c' * 56}", expires_at=timezone.now()
    )
    PasswordResetToken.objects.create(user=user, token_hash=f"{tag}{'r' * 56}", expires_at=timezone.now())
    return user


def user_rows(user_id) -> dict:
    """{model label: rows pointing at user_id} for every model with a foreign key to User."""
    counts = {}
    for model in django_apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                counts[f"{model._meta.label}.{field.name}"] = model.objects.filter(**{field.attname: user_id}).count()
    return counts


def test_every_app_section_is_registered():
    assert EXPECTED_SECTIONS - {"user"} <= set(exporters())


def test_export_has_every_section_with_the_users_data(auth_client, other_client):
    user_with_data_everywhere(auth_client.user)
    user_with_data_everywhere(other_client.user)
    response = auth_client.get("/api/v1/me/export")
    body = result(response)
    assert set(body) == {"user"} | set(exporters())
    assert set(body) >= EXPECTED_SECTIONS
    text = response.content.decode()
    for mine in ("my wheel note", "my wants summary", "my journal line", "my daily tip", "my future story answer",
                 "my picture prompt"):
        assert mine in text
    assert body["quotas"]["usage"][0]["used"] == 1
    assert body["sessions"][0]["id"] == str(Session.objects.get(user=auth_client.user).pk)
    assert str(other_client.user.pk) not in text and other_client.user.email not in text


def test_export_holds_no_secrets(auth_client):
    user = user_with_data_everywhere(auth_client.user)
    text = auth_client.get("/api/v1/me/export").content.decode()
    session = Session.objects.get(user=user)
    secrets = [
        user.password,
        user.password.split("$")[-1],
        session.refresh_jti,
        auth_client.tokens["access_token"],
        auth_client.tokens["refresh_token"],
        "v" * 56,
        "c" * 56,
        "r" * 56,
    ]
    for secret in secrets:
        assert secret not in text
    assert "password" not in text and "jti" not in text and "token_hash" not in text and "code_hash" not in text


def test_delete_me_removes_rows_of_every_app(settings, auth_client, other_client):
    user = user_with_data_everywhere(auth_client.user)
    user_with_data_everywhere(other_client.user)
    before = user_rows(user.pk)
    for label in ("life_wheel.LifeWheel.user", "wants.WantsRaw.user", "wants.WantsAnalysis.user",
                  "gamification.XPEvent.user", "gamification.UserAchievement.user", "rituals.JournalEntry.user",
                  "limits.QuotaUsage.user", "accounts.Session.user", "accounts.EmailVerification.user",
                  "accounts.PasswordResetToken.user", "future_story.FutureStoryDraft.user",
                  "future_story.FutureStory.user", "visuals.VisualAsset.user"):
        assert before[label] >= 1, label  # the fixture really created data there
    other_before = user_rows(other_client.user.pk)
    result(auth_client.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert not any(user_rows(user.pk).values()), user_rows(user.pk)
    assert not User.objects.filter(pk=user.pk).exists()  # with its daily_tip_cache
    assert user_rows(other_client.user.pk) == other_before


def test_delete_me_removes_the_users_media_folder_only(settings, auth_client):
    mine = settings.MEDIA_ROOT / str(auth_client.user.pk) / "future_story_generated_images"
    mine.mkdir(parents=True)
    (mine / "a.png").write_bytes(b"png")
    theirs = settings.MEDIA_ROOT / str(uuid.uuid4())
    theirs.mkdir()
    result(auth_client.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert not (settings.MEDIA_ROOT / str(auth_client.user.pk)).exists()
    assert theirs.exists()


def test_failed_delete_keeps_rows_and_files(settings, auth_client):
    user_with_data_everywhere(auth_client.user)
    folder = settings.MEDIA_ROOT / str(auth_client.user.pk)
    folder.mkdir(exist_ok=True)  # it holds the user's picture already
    before = user_rows(auth_client.user.pk)
    assert_error(auth_client.delete("/api/v1/me", {"password": "Wrong-Pass-1"}, format="json"), 400, "AUTH_INVALID_PASSWORD")
    assert user_rows(auth_client.user.pk) == before and folder.exists()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_delete_me_drops_the_users_cached_entries(auth_client, other_client):
    user_id = auth_client.user.pk
    result(auth_client.get("/api/v1/me"))
    cache.set(f"esoterics:tip:{user_id}:2026-03-01", {"text": "my daily tip"}, 3600)
    cache.set(f"esoterics:tip:{other_client.user.pk}:2026-03-01", {"text": "theirs"}, 3600)
    result(auth_client.delete("/api/v1/me", {"password": PASSWORD}, format="json"))
    assert cache.get(f"me:answer:{user_id}") is None and cache.get(f"me:gen:{user_id}") is None
    assert cache.get(f"esoterics:tip:{user_id}:2026-03-01") is None
    assert cache.get(f"esoterics:tip:{other_client.user.pk}:2026-03-01") == {"text": "theirs"}

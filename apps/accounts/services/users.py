"""Profile, plan and deletion of a user."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from apps.core.exceptions import ValidationFailed
from apps.core.registry import erasers

from ..errors import (
    InvalidPassword,
)
from ..models import User
from .common import email_normalize, logger
from .passwords import _current_password_check
from .sessions import user_changed
from .signup import SIGNUP_PROFILE_FIELDS

# --- Profile, plan, deletion ----------------------------------------------------------------

USER_UPDATE_FIELDS = (*SIGNUP_PROFILE_FIELDS, "leaderboard_visible")


def user_update(*, user: User, **fields) -> User:
    """Partial profile update (UserUpdate); renews the cached /me document."""
    changed = [name for name in USER_UPDATE_FIELDS if name in fields]
    for name in changed:
        setattr(user, name, fields[name])
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    user_changed(user.pk)
    return user


def user_plan_set(*, user: User, plan: str) -> User:
    if plan not in User.Plan.values:
        raise ValidationFailed(fields={"plan": [f"Unknown plan {plan!r}."]})
    user.plan = plan
    user.save(update_fields=["plan", "updated_at"])
    user_changed(user.pk)
    return user


def user_admin_save(*, user: User) -> None:
    """A change made in Django admin (plan, activity, profile): saved and /me renewed. The
    email is stored lowercase like everywhere else (signin looks it up lowercased)."""
    if user.email:
        user.email = email_normalize(user.email)
    user.save()
    user_changed(user.pk)


def user_delete(*, user: User, password: str | None = None, confirm: str | None = None) -> None:
    """Delete the account with all its rows (CASCADE) and, after commit, its files: what each
    app's eraser (apps.core.registry) removes from the storage, and MEDIA_ROOT/<user_id>/.
    Needs the password, or `confirm="DELETE"` for a Telegram-only account without a usable one."""
    if user.has_usable_password():
        _current_password_check(user=user, password=password)
    elif confirm != "DELETE":
        raise InvalidPassword()
    user_erase(user=user)


def user_erase(*, user: User) -> None:
    """Delete the account, its rows, files and cached entries (DELETE /me after its checks,
    and Django admin's delete)."""
    user_id = str(user.pk)
    folder = Path(settings.MEDIA_ROOT) / user_id
    with transaction.atomic():
        cleanups = [eraser(user) for eraser in erasers().values()]
        user.delete()
        user_changed(user_id)
        for cleanup in filter(None, cleanups):
            transaction.on_commit(cleanup)
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
        transaction.on_commit(lambda: _user_cache_purge(user_id))
    logger.info("user %s deleted", user_id)


def _user_cache_purge(user_id: str) -> None:
    """Drop every cached entry whose key holds the user's id (`me:answer:{id}`, the esoterics
    daily tip `esoterics:tip:{id}:{day}`, ...): a UUID is in no one else's key. Redis only
    (django-redis `delete_pattern`, a SCAN); the embedded local-memory cache has no pattern
    delete and its entries expire on their own."""
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is None:
        return
    try:
        delete_pattern(f"*{user_id}*")
    except Exception:  # noqa: BLE001 - the account is gone already; the entries expire anyway
        logger.warning("cache entries of deleted user %s not purged", user_id)

"""Cache coherence, not business logic: any save or delete of a user or a session row, even
one that bypasses the services (a shell, a data migration, a test, Django admin's cascades),
sends the next request of the affected sessions to the database check. The services also call
the cache functions themselves, because `QuerySet.update()` sends no signal."""

from django.db.models.signals import post_delete, post_save

from .cache import auth_cache_revoke_sessions, auth_cache_revoke_user
from .models import Session, User


def _user_written(sender, instance, created=False, **kwargs):
    if not created:
        auth_cache_revoke_user(instance.pk)


def _session_written(sender, instance, created=False, **kwargs):
    if not created:
        auth_cache_revoke_sessions([instance.pk])


def connect() -> None:
    post_save.connect(_user_written, sender=User, dispatch_uid="accounts.auth_cache.user_saved")
    post_delete.connect(_user_written, sender=User, dispatch_uid="accounts.auth_cache.user_deleted")
    post_save.connect(_session_written, sender=Session, dispatch_uid="accounts.auth_cache.session_saved")
    post_delete.connect(_session_written, sender=Session, dispatch_uid="accounts.auth_cache.session_deleted")

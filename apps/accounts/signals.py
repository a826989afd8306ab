"""The accounts app's signal receivers: cache coherence only, no business logic.

Why signals here: the accounts services and the accounts admin (through them) renew the cached
session check themselves (`user_changed`, `auth_cache_revoke_sessions`). But user and session
rows are also written by code that cannot call them: Django's own apps (`createsuperuser`,
`changepassword`, the admin's cascading deletes) and a shell. Revocation must be immediate
whoever writes, so any save or delete of a user or a session row sends the next request of
the affected sessions to the database check. (`QuerySet.update()` sends no signal: services
that use it call the cache functions themselves.)"""

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

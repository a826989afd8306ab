"""The gamification app's signal receivers: cache coherence only, no business logic.

Why a signal here: the cached leaderboard shows users' names and filters by their activity
and leaderboard choice, and those user rows are written by the accounts app (its services and
its admin) and by Django's own commands. Accounts sits below gamification in the layers and
cannot call it, so a save of a user that touches any of those fields renews the leaderboard.
Everything else gamification caches is renewed by its own services."""

from django.db.models.signals import post_save

# What the cached leaderboard shows or filters by.
_LEADERBOARD_USER_FIELDS = {"first_name", "last_name", "is_active", "leaderboard_visible"}


def _user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not (_LEADERBOARD_USER_FIELDS & set(update_fields)):
        return
    from .selectors import LEADERBOARD_CACHE

    LEADERBOARD_CACHE.renew()  # a renewal that fails moves the cache epoch (apps/core/cacheepoch.py)


def connect() -> None:
    from apps.accounts.models import User

    post_save.connect(_user_saved, sender=User, dispatch_uid="gamification.leaderboard.user_saved")

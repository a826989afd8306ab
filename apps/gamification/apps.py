from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GamificationConfig(AppConfig):
    name = "apps.gamification"
    label = "gamification"
    verbose_name = _("Gamification")

    def ready(self):
        from apps.core.registry import register_exporter

        from .export import gamification_export

        register_exporter("gamification", gamification_export)

        from django.db.models.signals import post_save

        from apps.accounts.models import User

        post_save.connect(_leaderboard_cache_drop, sender=User, dispatch_uid="gamification.leaderboard_cache_drop")


# What the cached leaderboard shows or filters by: a save touching any of them drops the cache
# (cache invalidation only; the rules stay in the services).
_LEADERBOARD_USER_FIELDS = {"first_name", "last_name", "is_active", "leaderboard_visible"}


def _leaderboard_cache_drop(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not (_LEADERBOARD_USER_FIELDS & set(update_fields)):
        return
    from apps.core.caching import cache_drop

    from .selectors import LEADERBOARD_CACHE_KEY

    cache_drop(LEADERBOARD_CACHE_KEY)  # a drop that fails moves the cache epoch (apps/core/cacheepoch.py)

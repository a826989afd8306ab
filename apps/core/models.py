import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True


class UUIDModel(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("id"))

    class Meta:
        abstract = True


def status_changes_apply(row: models.Model, changes: dict, *, done_status: str) -> bool:
    """Set `changes` on `row` (unsaved), with `completed_at` following its `status`: set when it
    becomes `done_status`, cleared when it leaves it. True when the row has just become done
    (goals and steps pay their completion XP then)."""
    was_done = row.status == done_status
    for name, value in changes.items():
        setattr(row, name, value)
    is_done = row.status == done_status
    if is_done and not was_done:
        row.completed_at = timezone.now()
    elif not is_done:
        row.completed_at = None
    return is_done and not was_done


class RateLimitSlot(models.Model):
    """One claimed slot of a sliding-window limit, kept here only while the cache is down
    (apps.core.ratelimit). `hit_at` is a UNIX time."""

    key = models.CharField(max_length=100, verbose_name=_("limit key"))
    index = models.PositiveSmallIntegerField(verbose_name=_("slot number"))
    hit_at = models.FloatField(verbose_name=_("hit at (UNIX time)"))

    class Meta:
        verbose_name = _("rate limit slot")
        verbose_name_plural = _("rate limit slots")
        constraints = [models.UniqueConstraint(fields=["key", "index"], name="core_ratelimitslot_key_index_uniq")]


class CacheEpoch(models.Model):
    """The current cache epoch (one row): a new random token after any cache write that failed,
    so no node serves an entry written before it (apps.core.cacheepoch)."""

    SINGLETON = 1

    token = models.CharField(max_length=32, verbose_name=_("epoch"))
    changed_at = models.DateTimeField(auto_now=True, verbose_name=_("changed at"))

    class Meta:
        verbose_name = _("cache epoch")
        verbose_name_plural = _("cache epochs")

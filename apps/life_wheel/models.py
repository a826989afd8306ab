from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UUIDModel


class LifeWheel(UUIDModel):
    """One measurement of the wheel of life: a score 0..10 per area id."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="life_wheels", verbose_name=_("user"))
    scores = models.JSONField(default=dict, verbose_name=_("scores"))
    note = models.TextField(max_length=2000, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("life wheel")
        verbose_name_plural = _("life wheels")
        ordering = ["-created_at", "-id"]
        # The list's filter and whole order (GET /life_wheel: newest first, id breaks ties).
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="life_wheel_user_newest")]

    def __str__(self) -> str:
        return f"life wheel {self.id} of {self.user_id}"

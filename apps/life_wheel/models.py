from django.conf import settings
from django.db import models

from apps.core.models import UUIDModel


class LifeWheel(UUIDModel):
    """One measurement of the wheel of life: a score 0..10 per area id."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="life_wheels")
    scores = models.JSONField(default=dict)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="life_wheel_user_created_idx")]

    def __str__(self) -> str:
        return f"life wheel {self.id} of {self.user_id}"

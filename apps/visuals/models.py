from django.conf import settings
from django.db import models

from apps.core.models import UUIDModel


class VisualAsset(UUIDModel):
    """One vision-board picture of a story's `image_key` (one asset per key: generating the
    key again or regenerating replaces the picture). `file_name` is the name in Django's
    default storage (`{user_id}/future_story_generated_images/{uuid4}.png`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visual_assets")
    story = models.ForeignKey("future_story.FutureStory", on_delete=models.CASCADE, related_name="assets")
    image_key = models.CharField(max_length=64)
    prompt = models.TextField()
    file_name = models.CharField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    model = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        db_table = "visual_asset"
        constraints = [
            models.UniqueConstraint(fields=["story", "image_key"], name="visual_asset_one_per_image_key"),
        ]
        indexes = [models.Index(fields=["story", "created_at"], name="visual_asset_story_gallery")]

    def __str__(self) -> str:
        return f"asset {self.image_key} of story {self.story_id}"

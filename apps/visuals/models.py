from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UUIDModel


class VisualAsset(UUIDModel):
    """One vision-board picture of a story's `image_key` (one asset per key: generating the
    key again or regenerating replaces the picture). `file_name` is the name in Django's
    default storage (`{user_id}/future_story_generated_images/{uuid4}.png`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visual_assets", verbose_name=_("user"))
    story = models.ForeignKey(
        "future_story.FutureStory", on_delete=models.CASCADE, related_name="assets", verbose_name=_("future story")
    )
    image_key = models.CharField(max_length=64, verbose_name=_("image key"))
    prompt = models.TextField(verbose_name=_("prompt"))
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    width = models.PositiveIntegerField(verbose_name=_("width"))
    height = models.PositiveIntegerField(verbose_name=_("height"))
    model = models.CharField(max_length=128, blank=True, default="", verbose_name=_("AI model"))

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        db_table = "visual_asset"
        constraints = [
            models.UniqueConstraint(fields=["story", "image_key"], name="visual_asset_one_per_image_key"),
        ]
        indexes = [models.Index(fields=["story", "created_at"], name="visual_asset_story_gallery")]

    def __str__(self) -> str:
        return f"asset {self.image_key} of story {self.story_id}"

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

AREA_ID_PATTERN = r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$"
AREA_ID_MAX_LENGTH = 50

area_id_validator = RegexValidator(
    AREA_ID_PATTERN, _("Use lowercase latin letters and digits, separated by '_' or '-' (e.g. personal_growth).")
)
color_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Use a colour in the #RRGGBB form."))

# What an admin may change (the id never changes).
AREA_EDITABLE_FIELDS = (
    "title_ru",
    "title_en",
    "description_ru",
    "description_en",
    "icon",
    "color",
    "order_index",
    "is_active",
)


class Area(TimeStampedModel):
    """An area of life (health, career...). The slug id is public and stable: life wheel
    scores, wants and stories refer to it, so areas are deactivated rather than deleted."""

    id = models.CharField(primary_key=True, max_length=AREA_ID_MAX_LENGTH, validators=[area_id_validator], verbose_name=_("id"))
    title_ru = models.CharField(max_length=200, verbose_name=_("title (Russian)"))
    title_en = models.CharField(max_length=200, verbose_name=_("title (English)"))
    description_ru = models.TextField(max_length=2000, blank=True, verbose_name=_("description (Russian)"))
    description_en = models.TextField(max_length=2000, blank=True, verbose_name=_("description (English)"))
    icon = models.CharField(max_length=50, blank=True, verbose_name=_("icon"))
    color = models.CharField(max_length=7, default="#7C8DA6", validators=[color_validator], verbose_name=_("color"))
    order_index = models.IntegerField(default=0, verbose_name=_("order"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["order_index", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(id=""), name="areas_area_id_not_empty"),
            models.CheckConstraint(condition=~Q(title_ru="") & ~Q(title_en=""), name="areas_area_titles_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.title_en})"

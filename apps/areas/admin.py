from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .errors import AreaAlreadyExists
from .models import AREA_EDITABLE_FIELDS, Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Every write goes through the services, which drop the cached areas."""

    list_display = ("id", "title_ru", "title_en", "badge", "order_index", "is_active")
    list_filter = ("is_active",)
    search_fields = ("id", "title_ru", "title_en")
    ordering = ("order_index", "id")
    list_per_page = 100
    actions = ("activate_areas", "deactivate_areas")
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("icon and color"), ordering="color")
    def badge(self, obj):
        return format_html(
            '<span style="display:inline-block;width:.9em;height:.9em;border-radius:50%;background:{};'
            'vertical-align:middle"></span> {} <code>{}</code>',
            obj.color,
            obj.icon,
            obj.color,
        )

    def get_readonly_fields(self, request, obj=None):
        # Editing the primary key in a change form would create a second area.
        return ("id", *self.readonly_fields) if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            fields = {
                name: form.cleaned_data[name] for name in form.changed_data if name in AREA_EDITABLE_FIELDS
            }
            services.area_update(area=obj, **fields)
            return
        data = {name: form.cleaned_data[name] for name in ("id", *AREA_EDITABLE_FIELDS)}
        try:
            area = services.area_create(**data)
        except AreaAlreadyExists:
            # The form checked the id; only a concurrent insert gets here.
            self.message_user(request, _("An area with this id already exists."), messages.ERROR)
            return
        obj.created_at, obj.updated_at = area.created_at, area.updated_at
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.area_delete_many(area_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        services.area_delete_many(area_ids=list(queryset.values_list("pk", flat=True)))

    @admin.action(description=_("Activate selected areas"))
    def activate_areas(self, request, queryset):
        count = services.area_set_active_many(area_ids=list(queryset.values_list("pk", flat=True)), is_active=True)
        self.message_user(request, ngettext("%d area activated.", "%d areas activated.", count) % count)

    @admin.action(description=_("Deactivate selected areas"))
    def deactivate_areas(self, request, queryset):
        count = services.area_set_active_many(area_ids=list(queryset.values_list("pk", flat=True)), is_active=False)
        self.message_user(request, ngettext("%d area deactivated.", "%d areas deactivated.", count) % count)

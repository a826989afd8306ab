"""The admin's read-only building blocks, one copy for every app. User content is written
through the API's services only (XP, quotas, caches and one-per-day rules depend on them);
admins can look, and delete only where an app allows it.

    NoAddAdmin     no "add" (rows start in the API, signup, Telegram or a command)
    ViewOnlyAdmin  no add, no change; delete stays (the app's delete_model keeps caches right)
    ReadOnlyAdmin  no add, no change, no delete (ledgers, journals: each row counts)
    ServiceWritesAdmin  no add; edits and deletes through the app's services
"""

from django.contrib import admin


class NoAddMixin:
    def has_add_permission(self, request, obj=None):
        return False


class ViewOnlyMixin(NoAddMixin):
    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(ViewOnlyMixin):
    def has_delete_permission(self, request, obj=None):
        return False


class NoAddAdmin(NoAddMixin, admin.ModelAdmin):
    pass


class ViewOnlyAdmin(ViewOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ServiceWritesAdmin(NoAddAdmin):
    """Rows start in the API; admins may correct the `editable` fields and delete rows, each
    write through the app's services (their rules: XP, dates, dependent rows): an edit passes
    the changed editable fields to `service_update`, a delete each row to `service_delete`."""

    editable: tuple[str, ...] = ()

    def service_update(self, obj, changes: dict) -> None:
        raise NotImplementedError

    def service_delete(self, obj) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        self.service_update(obj, {name: form.cleaned_data[name] for name in form.changed_data if name in self.editable})

    def delete_model(self, request, obj):
        self.service_delete(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(obj)

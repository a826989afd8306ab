"""The admin's read-only building blocks, one copy for every app. User content is written
through the API's services only (XP, quotas, caches and one-per-day rules depend on them);
admins can look, and delete only where an app allows it.

    NoAddAdmin     no "add" (rows start in the API, signup, Telegram or a command)
    ViewOnlyAdmin  no add, no change; delete stays (the app's delete_model keeps caches right)
    ReadOnlyAdmin  no add, no change, no delete (ledgers, journals: each row counts)
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

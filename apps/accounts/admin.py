from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from apps.core.admin import NoAddAdmin, NoAddMixin, ViewOnlyAdmin

from . import services
from .models import Session, User


class SessionInlineForm(forms.ModelForm):
    revoke = forms.BooleanField(required=False, label=_("revoke"), help_text=_("End this session now."))

    class Meta:
        model = Session
        fields: list[str] = []


class ActiveSessionInline(NoAddMixin, admin.TabularInline):
    """The user's live sessions; tick "revoke" and save to end one."""

    model = Session
    form = SessionInlineForm
    extra = 0
    can_delete = False
    fields = ("user_agent", "ip", "created_at", "last_used_at", "expires_at", "revoke")
    readonly_fields = ("user_agent", "ip", "created_at", "last_used_at", "expires_at")
    ordering = ("-last_used_at",)
    verbose_name = _("active session")
    verbose_name_plural = _("active sessions")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


STATE_ACTIVE = pgettext_lazy("session state", "active")
STATE_REVOKED = pgettext_lazy("session state", "revoked")
STATE_EXPIRED = pgettext_lazy("session state", "expired")


class SessionStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("active", STATE_ACTIVE), ("revoked", STATE_REVOKED), ("expired", STATE_EXPIRED))

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(User)
class UserAdmin(NoAddAdmin):  # accounts start with signup, Telegram or `createsuperuser`
    # The password hash is never shown: it is not among the fields.
    list_display = ("email", "telegram_id", "plan", "is_email_verified", "is_active", "created_at", "last_login")
    list_display_links = ("email", "telegram_id")  # Telegram-only users have no email
    list_filter = ("plan", "is_email_verified", "is_active", "is_staff")
    search_fields = ("email", "=telegram_id", "username")
    ordering = ("-created_at",)
    readonly_fields = ("id", "created_at", "updated_at", "last_login")
    fieldsets = (
        (None, {"fields": ("id", "email", "telegram_id", "username", "plan")}),
        (_("Profile"), {"fields": ("first_name", "last_name", "time_zone", "date_of_birth", "gender", "life_format", "locale", "photo_url")}),
        (_("Status"), {"fields": ("is_active", "is_email_verified", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("created_at", "updated_at", "last_login")}),
    )
    inlines = [ActiveSessionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["revoke_all_sessions"]

    def save_model(self, request, obj, form, change):
        services.user_admin_save(user=obj)  # drops the cached /me (plan changes show at once)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if inline_form.cleaned_data.get("revoke") and inline_form.instance.pk:
                services.session_revoke(user=form.instance, session_id=str(inline_form.instance.pk))

    def delete_model(self, request, obj):
        services.user_erase(user=obj)  # files and cached entries too; sessions refused at once

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.user_erase(user=user)

    @admin.action(description=_("Revoke all sessions of selected users"))
    def revoke_all_sessions(self, request, queryset):
        count = sum(services.sessions_revoke_all(user=user) for user in queryset)
        self.message_user(request, session_revoked_message(count), messages.SUCCESS)


def session_revoked_message(count: int) -> str:
    return ngettext("%(count)d session revoked.", "%(count)d sessions revoked.", count) % {"count": count}


@admin.register(Session)
class SessionAdmin(ViewOnlyAdmin):
    # The refresh jti is not shown: it identifies the live refresh token.
    list_display = ("user", "client", "ip", "created_at", "last_used_at", "state")
    list_filter = (SessionStateFilter,)
    search_fields = ("user__email", "=user__telegram_id", "user__username", "=id")
    list_select_related = ("user",)
    ordering = ("-last_used_at",)
    fields = ("id", "user", "user_agent", "ip", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description=_("client"), ordering="user_agent")
    def client(self, obj):
        return format_html('<span title="{}">{}</span>', obj.user_agent, Truncator(obj.user_agent).chars(40))

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.revoked_at is not None:
            return STATE_REVOKED
        return STATE_ACTIVE if obj.expires_at > timezone.now() else STATE_EXPIRED

    def delete_model(self, request, obj):
        services.sessions_delete(session_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        services.sessions_delete(session_ids=queryset.values_list("pk", flat=True))

    @admin.action(description=_("Revoke selected sessions"))
    def revoke(self, request, queryset):
        count = services.sessions_revoke(session_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, session_revoked_message(count), messages.SUCCESS)

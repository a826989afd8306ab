from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The admin site itself: branding, the overview page with charts, admin templates."""

    name = "apps.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from django.contrib import admin

        admin.site.site_header = _("MechtaAI administration")
        admin.site.site_title = _("MechtaAI admin")
        admin.site.index_title = _("Site administration")
        # The app list is one click away (breadcrumbs); its sidebar would take a quarter of
        # a 1280 px window from every change list.
        admin.site.enable_nav_sidebar = False
        admin.site.index_template = "backoffice/admin_index.html"  # adds the overview link
        from .signin import AdminSigninForm

        admin.site.login_form = AdminSigninForm  # the API's sign-in limits (signin.py)

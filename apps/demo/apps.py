from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`manage.py seed_demo`: a demo account with data on every screen. No models."""

    name = "apps.demo"
    label = "demo"
    verbose_name = _("Demo data")

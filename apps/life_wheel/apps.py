from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifeWheelConfig(AppConfig):
    name = "apps.life_wheel"
    label = "life_wheel"
    verbose_name = _("Life wheel")

    def ready(self):
        from apps.core.registry import register_exporter

        from .export import life_wheel_export

        register_exporter("life_wheel", life_wheel_export)

from django.apps import AppConfig


class LifeWheelConfig(AppConfig):
    name = "apps.life_wheel"
    label = "life_wheel"

    def ready(self):
        from apps.accounts.export import register_exporter

        from .presenters import life_wheel_export

        register_exporter("life_wheel", life_wheel_export)

from django.apps import AppConfig


class LifeWheelConfig(AppConfig):
    name = "apps.life_wheel"
    label = "life_wheel"

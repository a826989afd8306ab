from django.apps import AppConfig


class EsotericsConfig(AppConfig):
    name = "apps.esoterics"
    label = "esoterics"

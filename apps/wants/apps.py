from django.apps import AppConfig


class WantsConfig(AppConfig):
    name = "apps.wants"
    label = "wants"

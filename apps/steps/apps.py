from django.apps import AppConfig


class StepsConfig(AppConfig):
    name = "apps.steps"
    label = "steps"

    def ready(self):
        pass

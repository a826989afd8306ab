from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "apps.goals"
    label = "goals"

    def ready(self):
        pass

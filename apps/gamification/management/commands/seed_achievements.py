from django.core.management.base import BaseCommand

from apps.gamification.seed import achievements_seed


class Command(BaseCommand):
    help = "Create the default achievements that are missing; existing ones (and admin edits) are kept."

    def handle(self, *args, **options):
        created = achievements_seed()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)} achievement(s): {', '.join(created)}"))
        else:
            self.stdout.write("All default achievements exist; nothing changed.")

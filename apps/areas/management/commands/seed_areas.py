from django.core.management.base import BaseCommand

from apps.areas.defaults import DEFAULT_AREAS
from apps.areas.services import ensure_default_areas


class Command(BaseCommand):
    help = "Create the default areas of life that are missing. Idempotent; never changes existing areas."

    def handle(self, *args, **options):
        created = ensure_default_areas()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)} area(s): {', '.join(created)}"))
        kept = len(DEFAULT_AREAS) - len(created)
        if kept:
            self.stdout.write(f"{kept} default area(s) already existed and were left unchanged.")

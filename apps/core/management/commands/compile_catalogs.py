from django.core.management.base import BaseCommand

from apps.core.i18n import catalog_paths, compile_catalog


class Command(BaseCommand):
    help = "Compile every app's gettext catalog (.po → .mo) in pure Python; no gettext tools needed."

    def handle(self, *args, **options):
        paths = catalog_paths()
        for path in paths:
            compile_catalog(path)
        self.stdout.write(f"compiled {len(paths)} catalog(s)")

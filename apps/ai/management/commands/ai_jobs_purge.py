from django.core.management.base import BaseCommand

from apps.ai.services import ai_jobs_purge


class Command(BaseCommand):
    help = "Delete AI jobs older than AI_JOB_RETENTION_DAYS (at least 7 days are always kept)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {ai_jobs_purge()} AI job rows.")

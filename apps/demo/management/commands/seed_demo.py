from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from apps.demo.services import DEMO_EMAIL, DEMO_PASSWORD, DemoSeedFailed, demo_seed


class Command(BaseCommand):
    help = (
        "Create a demo account with data on every screen (life wheel history, wants analysis, future story "
        "with pictures, goals and steps, two weeks of rituals). Idempotent: sections already there are skipped; "
        "--reset deletes the demo account first. Uses the offline AI backend. Refuses with DEBUG=false unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_EMAIL, help=f"The demo account's email (default {DEMO_EMAIL}).")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="The demo account's password.")
        parser.add_argument("--reset", action="store_true", help="Delete the demo account first and seed it anew.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG=false (production settings).")

    def handle(self, *args, email, password, reset, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG=false (production settings); add --force to insist.")
        call_command("seed_areas", stdout=self.stdout)
        call_command("seed_achievements", stdout=self.stdout)
        # The offline backend: deterministic texts and pictures, no network, no cost.
        with override_settings(AI_BACKEND="offline"):
            try:
                result = demo_seed(email=email, password=password, reset=reset)
            except DemoSeedFailed as exc:
                raise CommandError(str(exc)) from exc
        for name, seeded in result.seeded.items():
            self.stdout.write(f"  {name}: {'seeded' if seeded else 'already there'}")
        state = "created" if result.user_created else "updated"
        self.stdout.write(self.style.SUCCESS(f"Demo account {state}. Sign in with:"))
        self.stdout.write(f"  email:    {result.user.email}")
        self.stdout.write(f"  password: {password}")

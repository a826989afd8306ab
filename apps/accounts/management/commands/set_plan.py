from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.services import email_normalize, user_plan_set


class Command(BaseCommand):
    help = "Set a user's plan: manage.py set_plan EMAIL pro|free (drops the cached /me)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("plan", choices=User.Plan.values)

    def handle(self, *args, email, plan, **options):
        user = User.objects.filter(email=email_normalize(email)).first()
        if user is None:
            raise CommandError(f"No user with email {email}.")
        user_plan_set(user=user, plan=plan)
        self.stdout.write(self.style.SUCCESS(f"{user.email}: plan {plan}"))

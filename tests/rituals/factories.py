from datetime import date, timedelta

import factory

from apps.rituals.models import JournalEntry, WeeklyReview, WeeklyReviewStatus
from tests.accounts.factories import UserFactory


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    user = factory.SubFactory(UserFactory)
    type = JournalEntry.Type.MORNING
    entry_date = factory.Sequence(lambda n: date(2026, 1, 1) + timedelta(days=n))
    answers = factory.LazyFunction(lambda: {"gratitude": "sun"})
    mood_score = 7
    energy_score = 6


class WeeklyReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyReview

    user = factory.SubFactory(UserFactory)
    status = WeeklyReviewStatus.COMPLETED
    week_start = factory.Sequence(lambda n: date(2025, 1, 6) + timedelta(weeks=n))
    user_reflection = "A good week"
    stats = factory.LazyFunction(dict)
    ai_analysis = None

import factory

from apps.rituals.models import JournalEntry, WeeklyReview, WeeklyReviewStatus
from tests.accounts.factories import UserFactory


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    user = factory.SubFactory(UserFactory)
    type = JournalEntry.Type.MORNING
    answers = factory.LazyFunction(lambda: {"gratitude": "sun"})
    mood_score = 7
    energy_score = 6


class WeeklyReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyReview

    user = factory.SubFactory(UserFactory)
    status = WeeklyReviewStatus.COMPLETED
    user_reflection = "A good week"
    stats = factory.LazyFunction(dict)
    ai_analysis = None

import factory

from apps.gamification.models import Achievement, Counter
from apps.rituals.models import JournalEntry
from tests.accounts.factories import UserFactory


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    code = factory.Sequence(lambda n: f"achievement_{n}")
    title_ru = factory.Sequence(lambda n: f"Ачивка {n}")
    title_en = factory.Sequence(lambda n: f"Achievement {n}")
    description_ru = "Описание"
    description_en = "Description"
    icon = "⭐"
    rule_counter = Counter.LIFE_WHEEL
    rule_threshold = 1
    xp_reward = 0
    is_active = True
    order_index = factory.Sequence(lambda n: n)


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    user = factory.SubFactory(UserFactory)
    type = JournalEntry.Type.MORNING
    answers = factory.LazyFunction(dict)

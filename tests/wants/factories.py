import factory
from django.utils import timezone

from apps.wants.models import WantsAnalysis, WantsRaw, WantsRawStatus
from tests.accounts.factories import UserFactory


class WantsRawFactory(factory.django.DjangoModelFactory):
    """A draft; `CompletedWantsRawFactory` for a finished exercise."""

    class Meta:
        model = WantsRaw

    user = factory.SubFactory(UserFactory)
    status = WantsRawStatus.DRAFT


class ReadyWantsRawFactory(WantsRawFactory):
    """A draft with every part filled and finished: ready to complete."""

    raw_wants_stream = "I want to run a marathon\nI want a higher salary"
    stream_started_at = factory.LazyFunction(timezone.now)
    stream_completed_at = factory.LazyFunction(timezone.now)
    raw_future_me = "I am 40 and I live by the sea."
    future_me_started_at = factory.LazyFunction(timezone.now)
    future_me_completed_at = factory.LazyFunction(timezone.now)
    raw_envy = "People who travel a lot"
    raw_regrets = "Too little time with my parents"
    raw_what_to_do_5y = "Open my own business"
    reverse_completed_at = factory.LazyFunction(timezone.now)


class CompletedWantsRawFactory(ReadyWantsRawFactory):
    status = WantsRawStatus.COMPLETED
    completed_at = factory.LazyFunction(timezone.now)


class WantsAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WantsAnalysis

    raw = factory.SubFactory(CompletedWantsRawFactory)
    user = factory.SelfAttribute("raw.user")
    summary = "A summary"
    top_wants = factory.LazyFunction(lambda: [{"text": "Run", "area_id": "health", "intensity": 7}])
    by_area = factory.LazyFunction(lambda: [{"area_id": "health", "insight": "Run more"}])
    hidden_motives = factory.LazyFunction(lambda: ["Freedom"])
    recommended_focus_areas = factory.LazyFunction(lambda: ["health"])
    model = "offline"

import factory

from apps.areas.models import Area
from apps.areas.services import ensure_default_areas
from apps.goals.models import Goal, GoalHorizon
from tests.accounts.factories import UserFactory


def default_area(area_id: str = "health") -> Area:
    ensure_default_areas()
    return Area.objects.get(id=area_id)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    user = factory.SubFactory(UserFactory)
    area = factory.LazyFunction(default_area)
    title = factory.Sequence(lambda n: f"Goal {n}")
    horizon = GoalHorizon.YEAR

import factory

from apps.steps.models import Step, StepLevel
from tests.goals.factories import GoalFactory


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    user = factory.SelfAttribute("goal.user")
    level = StepLevel.MONTH
    title = factory.Sequence(lambda n: f"Step {n}")

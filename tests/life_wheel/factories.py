import factory

from apps.life_wheel.models import LifeWheel
from tests.accounts.factories import UserFactory


class LifeWheelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeWheel

    user = factory.SubFactory(UserFactory)
    scores = factory.LazyFunction(lambda: {"health": 7, "career": 5})
    note = ""

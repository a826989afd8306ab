import factory

from apps.future_story.models import FutureStory, FutureStoryAnswer, FutureStoryDraft
from tests.accounts.factories import UserFactory


def horizon(text: str, area_id: str = "health") -> dict:
    return {"full_text": text, "by_area": [{"area_id": area_id, "title": "Health", "paragraph": text}]}


class FutureStoryDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FutureStoryDraft

    user = factory.SubFactory(UserFactory)


class FutureStoryAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FutureStoryAnswer

    draft = factory.SubFactory(FutureStoryDraftFactory)
    area_id = "health"
    question = "How do you feel?"
    answer = "I run every morning"


class FutureStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FutureStory

    user = factory.SubFactory(UserFactory)
    horizons = factory.LazyFunction(lambda: {"3y": horizon("In three years"), "5y": horizon("In five years")})
    images = factory.LazyFunction(
        lambda: [
            {
                "image_key": "health",
                "area_id": "health",
                "title": "Health",
                "dall_e_prompt": "A runner at sunrise by the sea",
            },
            {
                "image_key": "career",
                "area_id": "career",
                "title": "Career",
                "dall_e_prompt": "A bright design studio in a city",
            },
            {"image_key": "blank", "area_id": "leisure", "title": "Leisure", "dall_e_prompt": "  "},
        ]
    )
    model = "offline"

"""The offline composer of `future_story.generate`: a readable story from the person's own
answers, wants and life-wheel scores, in their language, valid against the AI output schema."""

import pytest

from apps.ai.client import complete_json
from apps.future_story.ai import FutureStoryAIOutput, future_story_generate_context
from tests.life_wheel.factories import LifeWheelFactory
from tests.wants.factories import WantsAnalysisFactory

from .factories import FutureStoryAnswerFactory

pytestmark = pytest.mark.django_db

RUN = "Бегаю по утрам и сплю по восемь часов"
STUDIO = "Руковожу своей студией дизайна"


def story_for(user, locale="ru"):
    context = future_story_generate_context(user=user, locale=locale)
    return complete_json(task="future_story.generate", locale=locale, context=context, output=FutureStoryAIOutput)


@pytest.fixture
def answered(user):
    draft = FutureStoryAnswerFactory(draft__user=user, area_id="health", answer=RUN).draft
    FutureStoryAnswerFactory(draft=draft, area_id="career", answer=STUDIO)
    FutureStoryAnswerFactory(draft=draft, area_id="finance", answer="   ")  # blank: not in the story
    return user


def test_story_quotes_the_answers_in_russian_at_both_horizons(answered):
    result = story_for(answered)
    assert result.model == "offline"
    for horizon in ("3y", "5y"):
        text = result.data["horizons"][horizon]["full_text"]
        assert RUN in text and STUDIO in text
        assert [item["area_id"] for item in result.data["horizons"][horizon]["by_area"]] == ["health", "career"]
    assert "Здоровье" in result.data["horizons"]["3y"]["by_area"][0]["title"]
    assert "год" in result.data["horizons"]["3y"]["full_text"]


def test_story_in_english_for_english(answered):
    text = story_for(answered, "en").data["horizons"]["3y"]["full_text"]
    assert text.startswith("It is ") and "Health" in text and RUN in text


def test_life_wheel_scores_and_wants_shape_the_story(answered):
    LifeWheelFactory(user=answered, scores={"health": 2, "career": 9})
    WantsAnalysisFactory(
        raw__user=answered,
        top_wants=[{"text": "пробежать марафон", "area_id": "health", "intensity": 9}],
        recommended_focus_areas=["health"],
    )
    data = story_for(answered).data
    health_3y, career_3y = (item["paragraph"] for item in data["horizons"]["3y"]["by_area"])
    assert "2 из 10" in health_3y and "«пробежать марафон»" in health_3y
    assert "9 из 10" in career_3y
    assert "«Здоровье»" in data["horizons"]["3y"]["full_text"]  # the recommended focus
    assert "«пробежать марафон»" in data["horizons"]["5y"]["by_area"][0]["paragraph"]


def test_two_people_get_different_stories(user, other_client):
    FutureStoryAnswerFactory(draft__user=user, area_id="health", answer="I swim in the sea every day")
    FutureStoryAnswerFactory(draft__user=other_client.user, area_id="health", answer="I sleep nine hours and do yoga")
    mine, theirs = story_for(user, "en").data, story_for(other_client.user, "en").data
    assert mine["horizons"]["3y"]["full_text"] != theirs["horizons"]["3y"]["full_text"]
    assert mine["images"][0]["dall_e_prompt"] != theirs["images"][0]["dall_e_prompt"]


def test_one_image_prompt_per_answered_area_with_its_colour(answered):
    images = story_for(answered).data["images"]
    assert [(i["image_key"], i["area_id"]) for i in images] == [("health", "health"), ("career", "career")]
    assert "#4CAF50" in images[0]["dall_e_prompt"] and RUN in images[0]["dall_e_prompt"]
    assert images[0]["title"].startswith("Здоровье")


def test_name_opens_the_story(answered):
    answered.first_name = "Анна"
    answered.save()
    assert ", вы просыпаетесь" in story_for(answered).data["horizons"]["3y"]["full_text"].split("\n")[0]
    assert "Анна" in story_for(answered).data["horizons"]["3y"]["full_text"]


def test_very_long_answer_is_cut_at_a_sentence(user):
    long_answer = "Я бегаю. " * 2000
    FutureStoryAnswerFactory(draft__user=user, area_id="health", answer=long_answer)
    data = story_for(user).data
    assert len(data["horizons"]["3y"]["full_text"]) < 3000


def test_five_years_recall_the_lowest_rated_answered_area_only(answered):
    LifeWheelFactory(user=answered, scores={"health": 4, "career": 6, "finance": 1})  # finance is not answered
    intro = story_for(answered).data["horizons"]["5y"]["full_text"].split("\n")[0]
    assert "«Здоровье»" in intro and "Финансы" not in intro

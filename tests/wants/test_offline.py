"""The offline composer builds a useful analysis from the user's own words."""

import pytest

from apps.ai.client import complete_json
from apps.wants.ai import WantsAnalysisAIOutput
from apps.wants.offline import classify, compose_wants_analysis, extract_wants

from .factories import CompletedWantsRawFactory
from .helpers import finish_exercise, ok

# The output is validated against the active areas, which are read from the database.
pytestmark = pytest.mark.django_db

EMPTY_REVERSE = {"raw_future_me": "", "raw_envy": "", "raw_regrets": "", "raw_what_to_do_5y": ""}


def compose(stream, locale, **extra):
    result = compose_wants_analysis({**EMPTY_REVERSE, "raw_wants_stream": stream, **extra}, locale)
    serializer = WantsAnalysisAIOutput(data=result)
    assert serializer.is_valid(), serializer.errors
    return result


@pytest.mark.parametrize(
    ("text", "area_id"),
    [
        ("Бегать по утрам", "health"),
        ("Высыпаться каждый день", "health"),
        ("I want to run a marathon", "health"),
        ("Go to the gym three times a week", "health"),
        ("Получить повышение на работе", "career"),
        ("Зарплату 300 тысяч", "career"),
        ("A higher salary", "career"),
        ("Start my own business", "career"),
        ("Закрыть ипотеку за квартиру", "finance"),
        ("Passive income from investments", "finance"),
        ("Встретить любовь", "relationships"),
        ("Find a loving partner", "relationships"),
        ("Чаще видеться с родителями", "family_friends"),
        ("More time with my friends", "family_friends"),
        ("Выучить английский язык", "personal_growth"),
        ("Read 50 books a year", "personal_growth"),
        ("Путешествовать по Азии", "leisure"),
        ("Travel around Japan", "leisure"),
        ("Переехать в другой город", "environment"),
        ("A house with a garden", "environment"),
        ("Выучить испанский", "personal_growth"),
        ("Получить второе высшее", "personal_growth"),
        ("Learn French", "personal_growth"),
        ("Бросить курить", "health"),
        ("Quit smoking", "health"),
        ("Выйти замуж", "relationships"),
        ("Visit Japan", "leisure"),
        ("Научиться играть на пианино", "leisure"),
    ],
)
def test_keyword_rules_in_both_languages(text, area_id):
    assert classify(text) == area_id


def test_workout_is_health_not_career_and_other_is_not_friend():
    assert classify("Daily workout") == "health"
    assert classify("Жить в другой стране") == "leisure"
    assert classify("Hmm") is None


def test_running_and_salary_give_health_and_career_in_russian():
    result = compose("Хочу бегать по утрам\nХочу зарплату 300 тысяч\nХочу бегать марафоны!", "ru")
    areas = {w["area_id"] for w in result["top_wants"]}
    assert {"health", "career"} <= areas
    assert set(result["recommended_focus_areas"]) >= {"health", "career"}
    assert result["recommended_focus_areas"][0] == "health"  # two running wants, one salary
    texts = [w["text"] for w in result["top_wants"]]
    assert "Бегать по утрам" in texts and "Зарплату 300 тысяч" in texts
    assert "Здоровье" in result["summary"]
    health = next(item for item in result["by_area"] if item["area_id"] == "health")
    assert "Бегать по утрам" in health["insight"]


def test_running_and_salary_give_health_and_career_in_english():
    result = compose("I want to run every morning\nI want a higher salary", "en")
    assert {w["area_id"] for w in result["top_wants"]} == {"health", "career"}
    assert "Health" in result["summary"] or "Career" in result["summary"]
    career = next(item for item in result["by_area"] if item["area_id"] == "career")
    assert "A higher salary" in career["insight"]
    assert all(ord(c) < 0x400 or c in "“”—…" for c in result["summary"])  # no Russian in an English text


def test_repetition_and_emphasis_raise_intensity():
    wants = extract_wants("Хочу собаку\nОЧЕНЬ хочу на море!!\nХочу собаку\nI really want a boat")
    by_text = {w.text: w.intensity for w in wants}
    assert by_text["Собаку"] > 5  # written twice
    assert by_text["На море"] > 5  # "очень", "!!"
    assert by_text["A boat"] > 5  # "really"
    assert len(wants) == 3


def test_top_wants_are_sorted_by_intensity_and_capped_at_ten():
    stream = "\n".join(f"Хочу прочитать книгу номер {i}" for i in range(15)) + "\nОчень хочу бегать!!!"
    result = compose(stream, "ru")
    assert len(result["top_wants"]) == 10
    assert result["top_wants"][0]["text"] == "Бегать"
    intensities = [w["intensity"] for w in result["top_wants"]]
    assert intensities == sorted(intensities, reverse=True)


def test_hidden_motives_come_from_the_reverse_answers():
    result = compose(
        "Хочу бегать",
        "ru",
        raw_envy="Завидую другу, который путешествует по миру",
        raw_regrets="Жалею, что мало времени провожу с родителями",
        raw_what_to_do_5y="Открыл бы свой бизнес",
    )
    motives = " ".join(result["hidden_motives"])
    assert "путешествует по миру" in motives and "Отдых и хобби" in motives
    assert "с родителями" in motives and "Семья и друзья" in motives
    assert "свой бизнес" in motives
    # areas the stream does not mention but the answers do
    assert "leisure" in {item["area_id"] for item in result["by_area"]}


def test_english_motives_and_future_me():
    result = compose(
        "I want to run",
        "en",
        raw_future_me="At 40 I have a loving family and a house by the sea",
        raw_regrets="I never learned to play the guitar",
    )
    motives = " ".join(result["hidden_motives"])
    assert "guitar" in motives
    assert "future self" in motives


def test_empty_stream_still_gives_a_valid_answer():
    result = compose("", "ru")
    assert result["top_wants"] == []
    assert result["summary"]


def test_unclassified_wants_are_still_listed():
    result = compose("Хочу чего-то нового\nХочу тишины", "ru")
    assert [w["text"] for w in result["top_wants"]] == ["Чего-то нового", "Тишины"]


DETERMINISM_SCRIPT = """
import json, django
django.setup()
from apps.wants.offline import compose_wants_analysis
context = {
    "raw_wants_stream": "Хочу бегать\\nХочу дом у моря\\nI want a raise\\nХочу бегать!\\nХочу выучить испанский",
    "raw_future_me": "Мне 40, у меня своя компания и дом у моря",
    "raw_envy": "Друзьям, которые путешествуют",
    "raw_regrets": "Мало времени с родителями",
    "raw_what_to_do_5y": "Объездил бы весь мир",
}
print(json.dumps([compose_wants_analysis(context, "ru"), compose_wants_analysis(context, "en")], sort_keys=True))
"""


def test_composer_is_deterministic_across_processes():
    """Same input, same analysis, even with a different string hash seed per process (set
    and dict iteration must never decide the output)."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "mechta.settings.test"}
        done = subprocess.run(
            [sys.executable, "-c", DETERMINISM_SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    ru, en = __import__("json").loads(outputs.pop())
    assert ru["top_wants"][0] == {"text": "Бегать", "area_id": "health", "intensity": ru["top_wants"][0]["intensity"]}
    assert ru["summary"] != en["summary"]


@pytest.mark.django_db
def test_complete_json_offline_labels_the_model():
    raw = CompletedWantsRawFactory(raw_wants_stream="Хочу бегать")
    from apps.wants.ai import wants_analyze_context
    from apps.wants.selectors import wants_completed_texts

    result = complete_json(
        task="wants.analyze", locale="ru", context=wants_analyze_context(texts=wants_completed_texts(user=raw.user, raw_id=raw.pk), locale="ru"), output=WantsAnalysisAIOutput
    )
    assert result.model == "offline"
    assert result.data["top_wants"][0]["area_id"] == "health"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("locale", "stream", "summary_word"),
    [
        ("ru", ["Хочу бегать по утрам", "Хочу зарплату побольше"], "Здоровье"),
        ("en", ["I want to run every morning", "I want a bigger salary"], "Health"),
    ],
)
def test_analyze_endpoint_uses_the_users_words_and_locale(auth_client, locale, stream, summary_word):
    auth_client.user.locale = locale
    auth_client.user.save(update_fields=["locale"])
    finish_exercise(auth_client, stream=stream)
    ok(auth_client.post("/api/v1/wants/complete"))
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert {"health", "career"} <= {w["area_id"] for w in analysis["top_wants"]}
    assert summary_word in analysis["summary"]

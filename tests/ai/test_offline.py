import io

import pytest
from PIL import Image
from rest_framework import serializers

from apps.ai import client
from apps.ai.errors import AIBadResponse
from apps.ai.offline import offline_composer


class EchoOutput(serializers.Serializer):
    summary = serializers.CharField(max_length=50)
    items = serializers.ListField(child=serializers.CharField(), min_length=1)


@offline_composer("tests_ai.echo")
def compose_echo(context, locale):
    prefix = "Итог" if locale == "ru" else "Summary"
    return {"summary": f"{prefix}: {len(context['items'])}", "items": context["items"], "extra": "dropped"}


@offline_composer("tests_ai.broken")
def compose_broken(context, locale):
    return {"summary": "x" * 500}


@pytest.fixture(autouse=True)
def offline(settings):
    settings.AI_BACKEND = "offline"


def test_offline_complete_json_is_validated_and_labelled_offline():
    result = client.complete_json(task="tests_ai.echo", locale="ru", context={"items": ["a", "b"]}, output=EchoOutput)

    assert result.model == "offline"
    assert result.data == {"summary": "Итог: 2", "items": ["a", "b"]}  # unknown keys dropped by the serializer


def test_offline_output_not_matching_the_serializer_is_a_bad_response():
    with pytest.raises(AIBadResponse):
        client.complete_json(task="tests_ai.broken", locale="en", context={}, output=EchoOutput)


def test_offline_image_is_a_valid_deterministic_png():
    first = client.generate_image(prompt="A house by the sea")
    again = client.generate_image(prompt="A house by the sea")
    other = client.generate_image(prompt="Дом в горах")

    assert first.model == "offline"
    assert (first.width, first.height) == (1024, 1024)
    with Image.open(io.BytesIO(first.png)) as image:
        image.verify()
    with Image.open(io.BytesIO(first.png)) as image:
        image.load()
        assert image.format == "PNG" and image.size == (1024, 1024)
        assert len(set(image.resize((32, 32)).getdata())) > 10  # a picture, not a flat fill
    assert again.png == first.png
    assert other.png != first.png


def test_offline_image_has_the_requested_size():
    result = client.generate_image(prompt="x", size=(320, 200))

    with Image.open(io.BytesIO(result.png)) as image:
        assert image.size == (320, 200) == (result.width, result.height)

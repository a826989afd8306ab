"""The offline picture: the area's colour as palette and a composition that follows the prompt."""

import io

from PIL import Image, ImageChops, ImageStat

from apps.ai.backends.offline_image import render_png, scene_for
from apps.ai.client import generate_image


def pixels(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def test_offline_picture_takes_the_areas_colour():
    green = pixels(render_png("A calm morning", (128, 128), colour="#4CAF50"))
    blue = pixels(render_png("A calm morning", (128, 128), colour="#3F51B5"))
    red_g, green_g, blue_g = ImageStat.Stat(green).mean
    red_b, green_b, blue_b = ImageStat.Stat(blue).mean
    assert green_g > red_g and green_g > blue_g
    assert blue_b > red_b and blue_b > green_b


def test_colour_written_in_the_prompt_is_used_without_an_explicit_one():
    assert render_png("main colour #4CAF50", (64, 64)) == render_png("main colour #4CAF50", (64, 64), colour="#4CAF50")


def test_scene_follows_the_prompts_words_in_both_languages():
    seed = bytes(32)
    assert scene_for("A house by the sea", seed) == "sea"
    assert scene_for("Дом у моря", seed) == "sea"
    assert scene_for("Вершины гор на рассвете", seed) == "mountains"
    assert scene_for("My studio in the city", seed) == "city"
    assert scene_for("Сад и лес вокруг дома", seed) == "forest"
    assert scene_for("Вечер с семьёй", seed) == "people"
    assert scene_for("Friends together on a hill", seed) == "people"


def test_different_prompts_same_colour_give_different_compositions():
    one = pixels(render_png("A yacht on the sea at dawn", (128, 128), colour="#00BCD4"))
    two = pixels(render_png("An office tower in a big city", (128, 128), colour="#00BCD4"))
    difference = ImageStat.Stat(ImageChops.difference(one, two)).mean
    assert sum(difference) > 30


def test_same_prompt_same_picture_and_real_size(settings):
    settings.AI_BACKEND = "offline"
    first = generate_image(prompt="Mountains", size=(200, 100), colour="#795548")
    assert first == generate_image(prompt="Mountains", size=(200, 100), colour="#795548")
    assert (first.width, first.height, first.model) == (200, 100, "offline")
    assert pixels(first.png).size == (200, 100)

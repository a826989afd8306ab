"""Offline images: a deterministic vision-board picture drawn by Pillow from the prompt.

The same prompt (and colour) always gives the same PNG bytes.
- Palette: the `colour` asked for (a story image passes its area's colour), else the first
  `#RRGGBB` written in the prompt, else hues taken from SHA-256 of the prompt. The sky runs
  from a light tint of it to a deeper shade; the scene is drawn in its darker tones.
- Composition: a scene picked from the prompt's words (people together, sea, mountains, city,
  forest, else rolling hills — in Russian or English), with the sun, clouds and the scene's details placed
  by the prompt's hash, so two prompts never look alike.
No text is drawn (user prompts may be in any script). Cheap operations only: a 256-px gradient
resized, shapes drawn once on an overlay, PNG at a low compression level.
"""

import colorsys
import hashlib
import io
import re

from PIL import Image, ImageDraw

from ..client import ImageResult

MAX_SIDE = 2048
_HEX = re.compile(r"#([0-9A-Fa-f]{6})\b")
SCENES = {
    "people": (
        "family",
        "friend",
        "love",
        "partner",
        "together",
        "children",
        "kids",
        "wedding",
        "семь",
        "друз",
        "любим",
        "любов",
        "вместе",
        "дет",
        "партнёр",
        "партнер",
        "свадьб",
        "близк",
    ),
    "sea": ("sea", "ocean", "beach", "surf", "море", "моря", "морю", "океан", "пляж", "побереж", "яхт", "sail"),
    "mountains": ("mountain", "peak", "hik", "ski", "гор", "вершин", "поход", "лыж"),
    "city": ("city", "office", "career", "business", "town", "город", "офис", "карьер", "бизнес", "работ", "компан"),
    "forest": ("forest", "garden", "tree", "park", "nature", "лес", "сад", "дерев", "парк", "природ", "дач"),
}
SCENE_ORDER = ("sea", "mountains", "city", "forest", "hills", "people")


def _colour(byte_hue: int, byte_light: int, saturation: float = 0.65) -> tuple[int, int, int]:
    hue = byte_hue / 255
    lightness = 0.35 + 0.35 * byte_light / 255
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _hex_rgb(value: str | None) -> tuple[int, int, int] | None:
    match = _HEX.search(value or "")
    if match is None:
        return None
    number = int(match.group(1), 16)
    return number >> 16, (number >> 8) & 0xFF, number & 0xFF


def _shade(rgb: tuple[int, int, int], lightness: float, saturation: float | None = None) -> tuple[int, int, int]:
    """`rgb` with its hue kept and lightness (and optionally saturation) set."""
    hue, _light, sat = colorsys.rgb_to_hls(*(channel / 255 for channel in rgb))
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, sat if saturation is None else saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def scene_for(prompt: str, seed: bytes) -> str:
    """The scene the prompt's words ask for, else one picked by its hash."""
    words = prompt.lower()
    for scene, stems in SCENES.items():
        if any(stem in words for stem in stems):
            return scene
    return SCENE_ORDER[seed[30] % len(SCENE_ORDER)]


def _palette(seed: bytes, base: tuple[int, int, int] | None):
    if base is None:
        base = _colour(seed[0], seed[1])
    sky_top = _shade(base, 0.82, 0.55)
    sky_bottom = _shade(base, 0.62)
    ground = _shade(base, 0.28)
    accent = _shade(base, 0.45)
    return sky_top, sky_bottom, ground, accent


def _ridge(width: int, height: int, base: float, amplitude: float, seed: bytes, offset: int, points: int) -> list:
    ridge = [(0, height)]
    for index in range(points + 1):
        x = width * index / points
        y = base - amplitude * seed[(offset + index * 3) % 32] / 255
        ridge.append((x, y))
    ridge.append((width, height))
    return ridge


def _draw_scene(draw, scene: str, width: int, height: int, seed: bytes, ground, accent) -> None:
    unit = min(width, height)
    horizon = height * (0.6 + 0.12 * seed[26] / 255)
    if scene == "sea":
        draw.rectangle((0, horizon, width, height), fill=(*accent, 235))
        for row in range(6):
            y = horizon + (height - horizon) * (row + 0.5) / 6
            for column in range(8):
                x = width * (column + (seed[(row * 5 + column) % 32] / 255)) / 8
                half = unit * 0.03
                draw.arc(
                    (x - half, y - half / 2, x + half, y + half / 2),
                    200,
                    340,
                    fill=(255, 255, 255, 140),
                    width=max(2, round(unit / 200)),
                )
        # a sail on the sea
        sail_x = width * (0.2 + 0.6 * seed[12] / 255)
        draw.polygon(
            [
                (sail_x, horizon - unit * 0.12),
                (sail_x, horizon + unit * 0.02),
                (sail_x + unit * 0.07, horizon + unit * 0.02),
            ],
            fill=(255, 255, 255, 220),
        )
    elif scene == "mountains":
        for layer, (lightness, alpha) in enumerate(((0.55, 170), (0.4, 210), (0.25, 245))):
            colour = _shade(accent, lightness)
            base = horizon + unit * 0.08 * layer
            draw.polygon(
                _ridge(width, height, base, unit * 0.35, seed, 3 + layer * 7, 4 + layer), fill=(*colour, alpha)
            )
    elif scene == "city":
        draw.rectangle((0, horizon, width, height), fill=(*ground, 255))
        x = 0.0
        index = 0
        while x < width:
            building_w = unit * (0.06 + 0.06 * seed[index % 32] / 255)
            building_h = unit * (0.12 + 0.35 * seed[(index * 7 + 3) % 32] / 255)
            colour = _shade(accent, 0.25 + 0.2 * (index % 3) / 2)
            draw.rectangle((x, horizon - building_h, x + building_w, horizon + 1), fill=(*colour, 240))
            for window in range(int(building_h // (unit * 0.04))):
                wy = horizon - building_h + unit * 0.02 + window * unit * 0.04
                draw.rectangle(
                    (x + building_w * 0.3, wy, x + building_w * 0.45, wy + unit * 0.015), fill=(255, 236, 170, 200)
                )
            x += building_w + unit * 0.01
            index += 1
    elif scene == "forest":
        draw.rectangle((0, horizon, width, height), fill=(*ground, 255))
        for index in range(14):
            tx = width * (index + seed[index % 32] / 255) / 14
            tree_h = unit * (0.12 + 0.18 * seed[(index * 5 + 1) % 32] / 255)
            colour = _shade(accent, 0.22 + 0.15 * (seed[(index * 3) % 32] / 255))
            draw.polygon(
                [(tx, horizon - tree_h), (tx - tree_h * 0.3, horizon + 2), (tx + tree_h * 0.3, horizon + 2)],
                fill=(*colour, 245),
            )
    elif scene == "people":  # figures standing together on a hill
        draw.polygon(_ridge(width, height, horizon, unit * 0.1, seed, 27, 6), fill=(*accent, 210))
        count = 2 + seed[20] % 3
        start = width * (0.5 - 0.07 * count) + unit * 0.04 * (seed[21] / 255 - 0.5)
        for index in range(count):
            size = unit * (0.09 + 0.05 * seed[(22 + index) % 32] / 255)
            x = start + index * unit * 0.14
            feet = horizon + unit * 0.04
            colour = _shade(ground, 0.2 + 0.1 * (index % 2))
            draw.rounded_rectangle(
                (x - size * 0.35, feet - size * 1.4, x + size * 0.35, feet), radius=size * 0.3, fill=(*colour, 250)
            )
            draw.ellipse((x - size * 0.28, feet - size * 2.0, x + size * 0.28, feet - size * 1.45), fill=(*colour, 250))
        draw.rectangle((0, feet, width, height), fill=(*ground, 245))
    else:  # rolling hills
        draw.polygon(_ridge(width, height, horizon, unit * 0.15, seed, 27, 8), fill=(*accent, 200))
        draw.polygon(_ridge(width, height, horizon + unit * 0.1, unit * 0.12, seed, 9, 6), fill=(*ground, 235))


def render_png(prompt: str, size: tuple[int, int] = (1024, 1024), colour: str | None = None) -> bytes:
    width, height = (max(16, min(MAX_SIDE, int(side))) for side in size)
    seed = hashlib.sha256(prompt.encode("utf-8")).digest()
    sky_top, sky_bottom, ground, accent = _palette(seed, _hex_rgb(colour) or _hex_rgb(prompt))

    top = Image.new("RGB", (width, height), sky_top)
    bottom = Image.new("RGB", (width, height), sky_bottom)
    mask = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(bottom, top, mask).convert("RGBA")

    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    unit = min(width, height)

    # the sun with its glow
    sun_x = width * (0.15 + 0.7 * seed[4] / 255)
    sun_y = height * (0.12 + 0.3 * seed[5] / 255)
    for step, alpha in ((0.20, 50), (0.14, 90), (0.09, 230)):
        radius = unit * step
        draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=(255, 240, 200, alpha))

    # clouds: clusters of soft circles
    for index in range(2 + seed[6] % 3):
        offset = 7 + index * 4
        cx = width * seed[offset] / 255
        cy = height * (0.08 + 0.35 * seed[offset + 1] / 255)
        radius = unit * (0.03 + 0.04 * seed[offset + 2] / 255)
        for puff in range(4):
            px = cx + radius * 1.2 * (puff - 1.5)
            py = cy - radius * 0.4 * (puff % 2)
            draw.ellipse((px - radius, py - radius, px + radius, py + radius), fill=(255, 255, 255, 110))

    _draw_scene(draw, scene_for(prompt, seed), width, height, seed, ground, accent)

    image = Image.alpha_composite(image, overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def generate_image(*, prompt: str, size: tuple[int, int] = (1024, 1024), colour: str | None = None) -> ImageResult:
    png = render_png(prompt, size, colour)
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return ImageResult(png, width, height, "offline")

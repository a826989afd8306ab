"""Offline images: a deterministic picture drawn by Pillow from a hash of the prompt.

The same prompt always gives the same PNG bytes: a two-colour gradient, a soft "sun", a few
translucent circles and a horizon band, all colours and positions taken from SHA-256 of the
prompt. No text is drawn (user prompts may be in any script). Cheap operations only: a 256-px
gradient resized, shapes drawn once on an overlay, PNG at a low compression level.
"""

import colorsys
import hashlib
import io

from PIL import Image, ImageDraw

from ..client import ImageResult

MAX_SIDE = 2048


def _colour(byte_hue: int, byte_light: int, saturation: float = 0.65) -> tuple[int, int, int]:
    hue = byte_hue / 255
    lightness = 0.35 + 0.35 * byte_light / 255
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def render_png(prompt: str, size: tuple[int, int] = (1024, 1024)) -> bytes:
    width, height = (max(16, min(MAX_SIDE, int(side))) for side in size)
    seed = hashlib.sha256(prompt.encode("utf-8")).digest()

    top = Image.new("RGB", (width, height), _colour(seed[0], seed[1]))
    bottom = Image.new("RGB", (width, height), _colour(seed[2], seed[3]))
    mask = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(bottom, top, mask).convert("RGBA")

    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    unit = min(width, height)

    # the sun
    sun_x = width * (0.2 + 0.6 * seed[4] / 255)
    sun_y = height * (0.15 + 0.3 * seed[5] / 255)
    for step, alpha in ((0.20, 50), (0.14, 90), (0.09, 230)):
        radius = unit * step
        draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=(255, 240, 200, alpha))

    # translucent circles
    for index in range(5):
        offset = 6 + index * 4
        cx = width * seed[offset] / 255
        cy = height * seed[offset + 1] / 255
        radius = unit * (0.05 + 0.15 * seed[offset + 2] / 255)
        red, green, blue = _colour(seed[offset + 3], 200, 0.5)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(red, green, blue, 90))

    # horizon: a band of hills
    horizon = height * (0.65 + 0.15 * seed[26] / 255)
    hills = [(0, height)]
    for index in range(9):
        x = width * index / 8
        y = horizon - unit * 0.15 * seed[(27 + index * 3) % 32] / 255
        hills.append((x, y))
    hills.append((width, height))
    red, green, blue = _colour(seed[31], 60, 0.4)
    draw.polygon(hills, fill=(red, green, blue, 220))

    image = Image.alpha_composite(image, overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def generate_image(*, prompt: str, size: tuple[int, int] = (1024, 1024)) -> ImageResult:
    png = render_png(prompt, size)
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    return ImageResult(png, width, height, "offline")

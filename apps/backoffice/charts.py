"""Charts as server-rendered SVG: no script, no outside host, readable without a browser
plugin. Each bar carries a <title> so hovering shows its exact value."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 600, 200
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 36, 8, 10, 28
PALETTE = ("#5b4bdb", "#1aa179", "#e8a33d", "#3a8dde", "#9c6ade", "#2b9fa3", "#c27c0e", "#d6455d", "#8a8a8a")


def nice_max(value: int) -> int:
    """The smallest 1/2/5 × 10^n at or above `value` (at least 1), for round axis ticks."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return max(1, step * factor)
        step *= 10


def tick_count(top: int) -> int:
    """How many steps split `top` into whole numbers (counts have no fractions)."""
    return next(steps for steps in (4, 5, 2, 1) if top % steps == 0)


def _axis(top: int) -> list[str]:
    parts = []
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    steps = tick_count(top)
    for i in range(steps + 1):
        value = top * i // steps
        y = MARGIN_TOP + plot_h - plot_h * i / steps
        label = str(value)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT - 4}" y="{y + 3:.1f}" class="tick" text-anchor="end">{label}</text>'
        )
    return parts


def bar_chart(*, labels: list[str], series: list[tuple[str, list[int]]], title: str, label_every: int = 1) -> SafeString:
    """Stacked bars, one column per label; `series` is [(name, values)] in stacking order."""
    count = max(1, len(labels))
    totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    top = nice_max(max(totals, default=0))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / count
    bar_w = max(2.0, slot * 0.72)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        *_axis(top),
    ]
    for i, label in enumerate(labels):
        x = MARGIN_LEFT + slot * i + (slot - bar_w) / 2
        base = MARGIN_TOP + plot_h
        for index, (name, values) in enumerate(series):
            value = values[i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(label)} · {escape(name)}: {value}</title></rect>'
            )
        if i % label_every == 0 or i == count - 1:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - 10}" class="tick" text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line_chart(*, labels: list[str], values: list[int], title: str, name: str, label_every: int = 1) -> SafeString:
    count = max(1, len(labels))
    top = nice_max(max(values, default=0))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / count
    points = [
        (MARGIN_LEFT + slot * i + slot / 2, MARGIN_TOP + plot_h - plot_h * value / top) for i, value in enumerate(values)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        *_axis(top),
        '<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>'.format(
            PALETTE[1], " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        ),
    ]
    for i, ((x, y), value, label) in enumerate(zip(points, values, labels, strict=True)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[1]}">'
            f"<title>{escape(label)} · {escape(name)}: {value}</title></circle>"
        )
        if i % label_every == 0 or i == count - 1:
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 10}" class="tick" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def legend(names: list[str]) -> list[dict]:
    return [{"name": name, "color": PALETTE[i % len(PALETTE)]} for i, name in enumerate(names)]

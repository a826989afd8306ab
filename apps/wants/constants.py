"""Domain constants of the wants exercise. Area slugs and titles come from the default areas
(pure data in apps.areas.defaults), so the AI output is checked against the same ids."""

from apps.areas.defaults import DEFAULT_AREAS

AREA_IDS: tuple[str, ...] = tuple(area["id"] for area in DEFAULT_AREAS)

AREA_TITLES: dict[str, dict[str, str]] = {
    area["id"]: {"ru": area["title_ru"], "en": area["title_en"]} for area in DEFAULT_AREAS
}

STREAM_TIMER_SECONDS = 600
STREAM_APPEND_MAX_CHARS = 50_000
STREAM_MAX_CHARS = 200_000
FUTURE_ME_MAX_CHARS = 200_000
REVERSE_MAX_CHARS = 20_000
PREVIEW_CHARS = 500
# Words that end the stream instead of being stored (compared trimmed, case-insensitively).
STREAM_STOP_WORDS = frozenset({"стоп", "stop"})
# How much of each long text goes into the AI context (bounds the prompt's cost).
AI_CONTEXT_MAX_CHARS = 50_000

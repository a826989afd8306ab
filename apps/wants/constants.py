"""Domain constants of the wants exercise. The eight default area slugs are kept here (not
imported from apps.areas) so wants works without the areas tables."""

AREA_IDS: tuple[str, ...] = (
    "health",
    "career",
    "finance",
    "relationships",
    "family_friends",
    "personal_growth",
    "leisure",
    "environment",
)

AREA_TITLES: dict[str, dict[str, str]] = {
    "health": {"ru": "Здоровье", "en": "Health"},
    "career": {"ru": "Карьера", "en": "Career"},
    "finance": {"ru": "Финансы", "en": "Finance"},
    "relationships": {"ru": "Отношения", "en": "Relationships"},
    "family_friends": {"ru": "Семья и друзья", "en": "Family & friends"},
    "personal_growth": {"ru": "Личностный рост", "en": "Personal growth"},
    "leisure": {"ru": "Отдых и хобби", "en": "Leisure"},
    "environment": {"ru": "Окружение", "en": "Environment"},
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

"""The public shape of `GET /esoterics/today` (spec 6.10), kept apart from how the tip is made
(services.py)."""


def esoterics_today_public(today: dict) -> dict:
    """`daily_ai_tip` is the tip's text, a string as the seed's clients read it; `daily_tip`
    carries the same text with its provenance `{text, source, date}`."""
    tip = today["daily_ai_tip"]
    return {
        "date": today["date"],
        "moon": today["moon"],
        "numerology": today["numerology"],
        "daily_ai_tip": tip["text"],
        "daily_tip": tip,
    }

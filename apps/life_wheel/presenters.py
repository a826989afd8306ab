"""Public dicts of measurements, shared by the API and the data export."""

from apps.core.sqlread import UTCText, UUIDText, text_values

# What the reads select (selectors): the id and the moment as the API's text, written by
# PostgreSQL (apps/core/sqlread.py).
LIFE_WHEEL_COLUMNS = ("scores", "note")
LIFE_WHEEL_TEXT_COLUMNS = {"id_text": UUIDText("id"), "created_at_text": UTCText("created_at")}


def life_wheel_public(row) -> dict:
    """LifeWheelPublic from a model instance or a `.values()` dict of LIFE_WHEEL_COLUMNS and
    LIFE_WHEEL_TEXT_COLUMNS."""
    if not isinstance(row, dict):
        row = {"scores": row.scores, "note": row.note, **text_values(row, LIFE_WHEEL_TEXT_COLUMNS)}
    return {
        "id": row["id_text"],
        "scores": row["scores"],
        "note": row["note"],
        "created_at": row["created_at_text"],
    }

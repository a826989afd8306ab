"""Public dicts of measurements, shared by the API and the data export."""

from apps.core.timestamps import iso_utc


def life_wheel_public(row) -> dict:
    """LifeWheelPublic from a model instance or a `.values()` dict."""
    if not isinstance(row, dict):
        row = {"id": row.id, "scores": row.scores, "note": row.note, "created_at": row.created_at}
    return {
        "id": str(row["id"]),
        "scores": row["scores"],
        "note": row["note"],
        "created_at": iso_utc(row["created_at"]),
    }

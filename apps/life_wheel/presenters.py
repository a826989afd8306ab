"""Public dicts of measurements, shared by the API and the data export."""

from rest_framework.fields import DateTimeField

_datetime = DateTimeField()


def life_wheel_public(row) -> dict:
    """LifeWheelPublic from a model instance or a `.values()` dict."""
    if not isinstance(row, dict):
        row = {"id": row.id, "scores": row.scores, "note": row.note, "created_at": row.created_at}
    return {
        "id": str(row["id"]),
        "scores": row["scores"],
        "note": row["note"],
        "created_at": _datetime.to_representation(row["created_at"]),
    }


def life_wheel_export(user) -> list[dict]:
    from .selectors import life_wheel_list

    return [life_wheel_public(row) for row in life_wheel_list(user=user).iterator(chunk_size=500)]

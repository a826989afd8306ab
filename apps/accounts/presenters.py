"""Public shapes of accounts data as plain dicts (the hot `/me` path and the export build them
without serializer introspection). `api/serializers.py` describes the same shapes for OpenAPI."""


from apps.core.sqlread import UTCText, UUIDText, text_values
from apps.core.timestamps import iso_date, iso_utc


def user_public(user) -> dict:
    return {
        "id": str(user.pk),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "time_zone": user.time_zone,
        "date_of_birth": iso_date(user.date_of_birth),
        "gender": user.gender,
        "life_format": user.life_format,
        "locale": user.locale,
        "telegram_id": user.telegram_id,
        "username": user.username,
        "photo_url": user.photo_url,
        "is_email_verified": user.is_email_verified,
        "is_admin": user.is_staff,
        "leaderboard_visible": user.leaderboard_visible,
        "created_at": iso_utc(user.created_at),
    }


# SessionPublic's fields as GET /auth/sessions selects them (selectors): the id and the
# moments as the API's text, written by PostgreSQL (apps/core/sqlread.py).
SESSION_COLUMNS = ("user_agent", "ip")
SESSION_TIMESTAMPS = ("created_at", "last_used_at", "expires_at")
SESSION_TEXT_COLUMNS = {"id_text": UUIDText("id"), **{f"{name}_text": UTCText(name) for name in SESSION_TIMESTAMPS}}


def session_public(session, *, current_session_id=None) -> dict:
    """SessionPublic from a model instance or a `.values()` dict of SESSION_COLUMNS and
    SESSION_TEXT_COLUMNS."""
    row = session if isinstance(session, dict) else _session_row(session)
    session_id = row["id_text"]
    return {
        "id": session_id,
        "user_agent": row["user_agent"],
        "ip": row["ip"],
        "created_at": row["created_at_text"],
        "last_used_at": row["last_used_at_text"],
        "expires_at": row["expires_at_text"],
        "is_current": current_session_id is not None and session_id == str(current_session_id),
    }


def _session_row(session) -> dict:
    return {
        **{name: getattr(session, name) for name in SESSION_COLUMNS},
        **text_values(session, SESSION_TEXT_COLUMNS),
    }

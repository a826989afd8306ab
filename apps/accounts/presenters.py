"""Public shapes of accounts data as plain dicts (the hot `/me` path and the export build them
without serializer introspection). `api/serializers.py` describes the same shapes for OpenAPI."""


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


# SessionPublic's fields: what GET /auth/sessions reads with `.values()` (selectors).
SESSION_PUBLIC_FIELDS = ("id", "user_agent", "ip", "created_at", "last_used_at", "expires_at")


def session_public(session, *, current_session_id=None) -> dict:
    """SessionPublic from a model instance or a `.values()` dict of SESSION_PUBLIC_FIELDS."""
    row = session if isinstance(session, dict) else {name: getattr(session, name) for name in SESSION_PUBLIC_FIELDS}
    session_id = str(row["id"])
    return {
        "id": session_id,
        "user_agent": row["user_agent"],
        "ip": row["ip"],
        "created_at": iso_utc(row["created_at"]),
        "last_used_at": iso_utc(row["last_used_at"]),
        "expires_at": iso_utc(row["expires_at"]),
        "is_current": current_session_id is not None and session_id == str(current_session_id),
    }

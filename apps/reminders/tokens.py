"""The signed token of the one-click unsubscribe link (no expiry: links in old mails work)."""

from django.core import signing

SALT = "reminders.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": str(user.pk)}, salt=SALT, compress=True)


def unsubscribe_user_id(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=SALT)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None

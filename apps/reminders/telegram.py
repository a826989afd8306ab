"""The Telegram Bot API's `sendMessage`, with plain httpx against TELEGRAM_API_BASE_URL."""

import httpx
from django.conf import settings

from . import throttle


class SendError(Exception):
    """A send that did not happen. `retry_after`: seconds to wait before trying again (None
    when retrying cannot help); `blocked`: the user blocked the bot (403)."""

    def __init__(self, reason: str, *, retry_after: float | None = None, blocked: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.blocked = blocked


_client: httpx.Client | None = None


def client() -> httpx.Client:
    global _client
    if _client is None:  # one connection pool per process (thread-safe)
        _client = httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0), limits=httpx.Limits(max_connections=64))
    return _client


def bot_key(token: str) -> str:
    """The bot's id (the token's part before the colon): the rate limit is per bot."""
    return token.split(":", 1)[0] or "bot"


def send_message(*, chat_id: int, text: str) -> None:
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise SendError("telegram_not_configured")
    throttle.wait_turn(f"telegram:{bot_key(token)}", settings.REMINDERS_TELEGRAM_RATE)
    url = f"{settings.TELEGRAM_API_BASE_URL.rstrip('/')}/bot{token}/sendMessage"
    try:
        response = client().post(url, json={"chat_id": chat_id, "text": text, "disable_web_page_preview": True})
    except httpx.HTTPError as exc:
        raise SendError("telegram_unreachable", retry_after=0) from exc
    if response.status_code == 200:
        return
    if response.status_code == 429:
        try:
            retry_after = float(response.json().get("parameters", {}).get("retry_after", 1))
        except (ValueError, AttributeError):
            retry_after = 1.0
        raise SendError("telegram_rate_limited", retry_after=max(retry_after, 1.0))
    if response.status_code == 403:
        raise SendError("telegram_blocked", blocked=True)
    if response.status_code >= 500:
        raise SendError("telegram_unavailable", retry_after=0)
    raise SendError("telegram_rejected")  # 400 (chat not found, ...): retrying cannot help

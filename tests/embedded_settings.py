"""`make run`'s settings (mechta.settings.base, embedded) with the auth rate limits raised, for
tests that drive a real embedded server with many requests from one address."""

from mechta.settings.base import *  # noqa: F403

# Each limit costs one slot per allowed hit (apps.core.ratelimit): raised, but kept small.
AUTH_RATE_LIMITS = {
    name: (100, 60)
    for name in ("ip", "signin_failures", "password_failures", "mail_cooldown", "mail_hourly", "reset_hourly")
}

"""The one locale choice of the project: ru or en.

For a request the choice is the user's locale when authenticated (the authentication class
activates it), else the Accept-Language header (LocaleMiddleware), else ru — so inside a
request `locale_active()` is the answer. Outside one (tasks, commands) ask the user:
`locale_of_user(user)`. Content tables keyed by locale use `locale_normalize(value)`.
"""

from django.utils import translation

LOCALES = ("ru", "en")
DEFAULT_LOCALE = "ru"


def locale_normalize(value: str | None) -> str:
    """`value` (a locale or language code: "en", "en-us", "ru", "", None) as ru|en."""
    return "en" if (value or "").lower()[:2] == "en" else DEFAULT_LOCALE


def locale_active() -> str:
    """The active language as ru|en (user's locale, else Accept-Language, else ru)."""
    return locale_normalize(translation.get_language())


def locale_of_user(user) -> str:
    """The stored locale of `user` (any object with `.locale`) as ru|en."""
    return locale_normalize(getattr(user, "locale", None))


def locale_of_request(request) -> str:
    """The locale Django's LocaleMiddleware chose for `request` (Accept-Language), as ru|en."""
    return locale_normalize(getattr(request, "LANGUAGE_CODE", None) or translation.get_language())

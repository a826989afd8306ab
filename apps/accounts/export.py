"""GDPR-style export: each domain app registers how to dump its rows of one user.

    register_exporter("life_wheel", lambda user: [...])   # in the app's AppConfig.ready()

`GET /me/export` returns `{"user": ..., "<name>": exporter(user), ...}`. Exporters return
JSON-ready data (dicts/lists of str, int, bool, None; datetimes as ISO strings)."""

from collections.abc import Callable

Exporter = Callable[[object], object]
_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    _EXPORTERS[name] = exporter


def exporters() -> dict[str, Exporter]:
    return dict(_EXPORTERS)

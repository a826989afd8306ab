"""The per-user registries every domain app plugs into, in its AppConfig.ready():

    register_exporter("life_wheel", life_wheel_export)   # GET /me/export
    register_eraser("visuals", visuals_user_files_eraser) # DELETE /me

Exporters: `GET /me/export` returns `{"user": ..., "<name>": exporter(user), ...}`. Exporters
return JSON-ready data (dicts/lists of str, int, bool, None; datetimes as ISO strings, see
apps.core.timestamps.iso_utc).

Erasers: what DELETE /me removes beyond the rows (which go by CASCADE). `eraser(user)` runs
inside the deletion's transaction, BEFORE the user's rows are deleted (so it can still read
them), and returns a callable (or None) that `user_delete` runs after the commit — e.g.
removing the user's files from the storage. A rolled-back deletion removes nothing.

Hooks: named callbacks a lower layer calls without importing the app above it (e.g. limits
asks accounts to renew its cached /me after a quota change)."""

from collections.abc import Callable

Exporter = Callable[[object], object]
Eraser = Callable[[object], Callable[[], None] | None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    _EXPORTERS[name] = exporter


def exporters() -> dict[str, Exporter]:
    return dict(_EXPORTERS)


def register_eraser(name: str, eraser: Eraser) -> None:
    _ERASERS[name] = eraser


def erasers() -> dict[str, Eraser]:
    return dict(_ERASERS)


# --- Hooks ------------------------------------------------------------------------------------
# A lower layer tells the layers above that a user's data changed, without importing them:
#   register_user_change_hook("me", me_cache_renew)  # accounts: its cached /me document
#   user_change_notify(user.pk)                       # limits, after a quota charge

UserChangeHook = Callable[[object], None]
_USER_CHANGE_HOOKS: dict[str, UserChangeHook] = {}


def register_user_change_hook(name: str, hook: UserChangeHook) -> None:
    _USER_CHANGE_HOOKS[name] = hook


def user_change_notify(user_id) -> None:
    for hook in list(_USER_CHANGE_HOOKS.values()):
        hook(user_id)


# --- Status page lines --------------------------------------------------------------------------
# Extra lines of the HTML status page (`/`), e.g. reminders say whether Celery beat runs:
#   register_status_line("reminders", beat_status)   # beat_status() -> (status, detail)
# Not part of /health: they report features, not the service's readiness.

StatusLine = Callable[[], tuple[str, str]]
_STATUS_LINES: dict[str, StatusLine] = {}


def register_status_line(name: str, line: StatusLine) -> None:
    _STATUS_LINES[name] = line


def status_lines() -> dict[str, StatusLine]:
    return dict(_STATUS_LINES)

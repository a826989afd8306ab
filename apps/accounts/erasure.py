"""What DELETE /me removes beyond the rows (which go by CASCADE): each domain app that keeps
something outside the database registers an eraser.

    register_eraser("visuals", eraser)   # in the app's AppConfig.ready()

`eraser(user)` runs inside the deletion's transaction, BEFORE the user's rows are deleted (so
it can still read them), and returns a callable (or None) that `user_delete` runs after the
commit — e.g. removing the user's files from the storage. A rolled-back deletion removes
nothing."""

from collections.abc import Callable

Eraser = Callable[[object], Callable[[], None] | None]
_ERASERS: dict[str, Eraser] = {}


def register_eraser(name: str, eraser: Eraser) -> None:
    _ERASERS[name] = eraser


def erasers() -> dict[str, Eraser]:
    return dict(_ERASERS)

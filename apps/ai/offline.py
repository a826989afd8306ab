"""Registry of the offline backend's composers: each AI task registers a function that
builds a deterministic, useful result from the user's own input, with no network.

    @offline_composer("wants.analyze")
    def compose(context: dict, locale: str) -> dict: ...

Domain apps register theirs in `apps/<app>/offline.py`, imported by their AppConfig.ready().
"""

from collections.abc import Callable

Composer = Callable[[dict, str], dict]
_COMPOSERS: dict[str, Composer] = {}


def offline_composer(task: str):
    def register(func: Composer) -> Composer:
        _COMPOSERS[task] = func
        return func

    return register


def offline_compose(task: str, context: dict, locale: str) -> dict:
    try:
        composer = _COMPOSERS[task]
    except KeyError as exc:
        raise LookupError(f"No offline composer registered for {task!r}") from exc
    return composer(context, locale)

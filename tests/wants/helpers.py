"""Assertion helpers of the wants tests."""

from apps.limits.services import quota_usage
from tests.helpers import err, ok  # noqa: F401  (re-exported for this package's tests)


def text_used(user) -> int:
    return quota_usage(user=user)["text"]["used"]


def finish_exercise(client, stream=("I want to run a marathon", "I want a higher salary")):
    """Drive a whole exercise through the API up to (not including) completion."""
    for line in stream:
        ok(client.post("/api/v1/wants/stream/append", {"text": line}, format="json"))
    ok(client.post("/api/v1/wants/stream/append", {"text": "stop"}, format="json"))
    ok(client.put("/api/v1/wants/future-me", {"text": "I am 40 and I live by the sea."}, format="json"))
    ok(client.post("/api/v1/wants/future-me/finish"))
    ok(
        client.put(
            "/api/v1/wants/reverse",
            {"raw_envy": "People who travel", "raw_regrets": "Too little sport", "raw_what_to_do_5y": "Open a business"},
            format="json",
        )
    )

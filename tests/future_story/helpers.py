"""Helpers of the future story and visuals tests (the envelope assertions are the wants ones)."""

from apps.limits.services import quota_usage
from tests.wants.helpers import err, ok

__all__ = ["answer", "err", "image_used", "ok", "text_used"]


def text_used(user) -> int:
    return quota_usage(user=user)["text"]["used"]


def image_used(user) -> int:
    return quota_usage(user=user)["image"]["used"]


def answer(client, area_id="health", text="I run every morning and sleep eight hours", question="How do you feel?"):
    body = {"area_id": area_id, "question": question, "answer": text}
    return ok(client.post("/api/v1/future-story/draft", body, format="json"))

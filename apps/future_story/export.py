"""GDPR export of the future story: the interview draft and every story of one user."""

from .api.serializers import FutureStoryDraftPublicSerializer
from .models import FutureStory, FutureStoryDraft
from .presenters import draft_public, story_public


def future_story_export(user) -> dict:
    draft = FutureStoryDraft.objects.filter(user=user).first()
    stories = FutureStory.objects.filter(user=user).order_by("created_at", "id")
    return {
        "draft": None if draft is None else dict(FutureStoryDraftPublicSerializer(draft_public(draft)).data),
        "stories": [dict(story_public(story)) for story in stories],
    }

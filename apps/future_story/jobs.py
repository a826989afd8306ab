"""future_story.generate on the AI-job layer: what the AI sees and how its story is saved."""

from django.utils.translation import gettext_lazy as _

from apps.ai.jobs import AIJobSpec, ai_job_register

from . import services
from .ai import FutureStoryAIOutput, future_story_generate_context
from .errors import FutureStoryAIFailed, FutureStoryAITimeout


@ai_job_register
class FutureStoryGenerateJob(AIJobSpec):
    kind = "future_story.generate"
    label = _("future story")
    timeout_error = FutureStoryAITimeout
    failed_error = FutureStoryAIFailed
    output = FutureStoryAIOutput

    def context(self, *, user, params, locale):
        return future_story_generate_context(user=user, locale=locale)

    def save(self, *, job, user, params, result, locale):
        from .presenters import story_generated_public

        story, event = services.future_story_create(
            user=user, data=result.data, model=result.model, job_key=str(job.pk)
        )
        return story_generated_public(story, event)

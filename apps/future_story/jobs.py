"""future_story.generate on the AI-job layer: what the AI sees and how its story is saved."""

from apps.ai.jobs import AIJobSpec, ai_job_register

from . import services
from .ai_output import FutureStoryAIOutput
from .errors import FutureStoryAIFailed, FutureStoryAITimeout


@ai_job_register
class FutureStoryGenerateJob(AIJobSpec):
    kind = "future_story.generate"
    resource = "text"
    timeout_error = FutureStoryAITimeout
    failed_error = FutureStoryAIFailed
    output = FutureStoryAIOutput

    def context(self, *, user, params, locale):
        return services.future_story_ai_context(user=user, locale=locale)

    def save(self, *, job, user, params, result, locale):
        from .api.serializers import FutureStoryGeneratedSerializer

        story, event = services.future_story_create(
            user=user, data=result.data, model=result.model, job_key=str(job.pk)
        )
        return FutureStoryGeneratedSerializer(
            {
                "id": story.id,
                "horizons": story.horizons,
                "images": story.images,
                "created_at": story.created_at,
                "updated_at": story.updated_at,
                "gamification_event": event,
            }
        ).data

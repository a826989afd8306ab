"""The AI-job layer: the one way an endpoint runs AI work.

A module declares its job once (apps/<app>/jobs.py, imported by its AppConfig.ready()):

    @ai_job_register
    class GoalsGenerateJob(AIJobSpec):
        kind = "goals.generate"          # Celery task name, offline composer key, prompt file
        label = _("goal suggestions")    # its name in the admin and the overview
        resource = "text"                # the default ("image" for pictures); charged once on success
        timeout_error = GoalsAITimeout   # 504
        failed_error = GoalsAIFailed     # 502
        output = GoalsAIOutput           # validates the model's JSON
        context = staticmethod(goals_generate_context)           # what the AI sees (or a method)

        def save(self, *, job, user, params, result, locale): ... # rows + XP -> public result

and its view, an `AIJobView` documented by `@ai_job_endpoint(...)`, answers with
`ai_job_respond(request, kind=..., params=...)`. Everything else
lives here once, one concern per module:

- `spec`: the spec, the registry of kinds and their Celery tasks;
- `create`: a deadline (now + AI_TASK_WAIT_SECONDS, by the database's clock) and a reserved
  quota unit per job: an unfinished job before its deadline counts against the quota, under
  the usage row's lock, so a user never has more AI calls in flight than units left. A spec
  with a `unique_key` (one review per week) has at most one unfinished job per (user, kind,
  key): a second request joins it. The task is enqueued with `expires` at the deadline;
- `execute`: the worker claims the job only before its deadline, hands the AI client the time
  left (`ai_deadline`: no AI call starts after it, timeouts and retries fit inside it) and
  runs "save + charge + XP" in one transaction keyed by the job, only while holding the row
  with `deadline_at > now()` in the database: late work is never saved or charged, a
  redelivered or raced job is charged and rewarded at most once. A crashed worker loses no
  job: the message is acknowledged only after the task (acks_late), a broker that redelivers
  (RabbitMQ) hands it to another worker, which takes the RUNNING job over (`attempt` + 1);
  only the current attempt may save or fail it. Celery's time limits are not what enforces
  the deadline: the threads pool ignores them;
- `files`: files written inside save() are removed again when its transaction rolls back;
- `notices`: a finished job's outcome under a cache key, for the waiters;
- `waits`: a wait holds no CPU and no database connection; one watcher per process polls the
  completion keys (and the rows now and then) of all its waits at once; at most
  AI_MAX_WAITS_PER_PROCESS waits per web process, past that 503 AI_BUSY with Retry-After;
- `responses`: the answer of an AI endpoint — `Prefer: respond-async` answers 202
  `{job_id, status, status_url}` at once and `GET /api/v1/jobs/{job_id}` tells the outcome, the
  same result or error as the sync call — and one mapping of failures: AITimeout -> the
  module's timeout error, any other failure -> its failed error, an APIError raised by the
  module (e.g. QUOTA_EXCEEDED in a race) as it is;
- `turns`: at most AI_CREATE_CONCURRENCY AI requests per web process in their CPU-bound start
  (authentication to the job queued), so a burst of them does not hold up other reads;
- `schema`: the OpenAPI parts of an AI endpoint.
"""

from .create import ai_job_create, ai_job_run_inline
from .execute import ai_job_execute
from .files import on_rollback_delete
from .responses import ai_job_respond
from .schema import ai_job_endpoint, ai_job_schema
from .spec import AIJobSpec, ai_job_kinds, ai_job_label, ai_job_register
from .turns import AIJobView

__all__ = [
    "AIJobSpec",
    "AIJobView",
    "ai_job_create",
    "ai_job_execute",
    "ai_job_kinds",
    "ai_job_label",
    "ai_job_register",
    "ai_job_respond",
    "ai_job_run_inline",
    "ai_job_endpoint",
    "ai_job_schema",
    "on_rollback_delete",
]

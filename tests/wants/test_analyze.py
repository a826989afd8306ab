import json

import pytest
from django.test import override_settings

from apps.ai import offline as ai_offline
from apps.ai.errors import AIError, AITimeout
from apps.ai.jobs import ai_job_create, ai_job_execute
from apps.ai.models import AIJob
from apps.limits.models import QuotaCharge
from apps.limits.services import quota_charge
from apps.wants import ai as wants_ai
from apps.wants.models import WantsAnalysis
from apps.wants.selectors import wants_completed_texts

from .factories import CompletedWantsRawFactory, WantsAnalysisFactory, WantsRawFactory
from .helpers import err, finish_exercise, ok, text_used

pytestmark = pytest.mark.django_db

ANALYSIS_FIELDS = {
    "id", "raw_id", "summary", "top_wants", "by_area", "hidden_motives", "recommended_focus_areas", "model", "created_at",
}


def test_analyze_saves_the_analysis_and_charges_one_unit(auth_client, completed_via_api):
    assert ok(auth_client.get("/api/v1/wants/analysis")) is None
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert set(analysis) == ANALYSIS_FIELDS
    assert analysis["raw_id"] == completed_via_api["id"]
    assert analysis["model"] == "offline"
    assert analysis["summary"]
    assert all(1 <= w["intensity"] <= 10 for w in analysis["top_wants"])
    assert 1 <= len(analysis["recommended_focus_areas"]) <= 3
    saved = WantsAnalysis.objects.get(pk=analysis["id"])
    assert saved.user == auth_client.user
    assert saved.task_id
    assert text_used(auth_client.user) == 1
    assert QuotaCharge.objects.filter(user=auth_client.user, key=saved.task_id).count() == 1
    assert ok(auth_client.get("/api/v1/wants/analysis"))["id"] == analysis["id"]


def test_analysis_latest_is_the_newest_of_the_callers(auth_client, other_client):
    WantsAnalysisFactory(raw__user=auth_client.user)
    newest = WantsAnalysisFactory(raw__user=auth_client.user)
    WantsAnalysisFactory(raw__user=other_client.user)
    assert ok(auth_client.get("/api/v1/wants/analysis"))["id"] == str(newest.id)


def test_analysis_of_another_user_is_never_shown(auth_client, other_client):
    WantsAnalysisFactory(raw__user=other_client.user)
    assert ok(auth_client.get("/api/v1/wants/analysis")) is None


def test_analyze_takes_the_latest_completed_record(auth_client):
    finish_exercise(auth_client, stream=["I want a garden"])
    ok(auth_client.post("/api/v1/wants/complete"))
    finish_exercise(auth_client, stream=["I want to learn Spanish"])
    second = ok(auth_client.post("/api/v1/wants/complete"))
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "I want a boat"}, format="json"))  # a new draft
    analysis = ok(auth_client.post("/api/v1/wants/analyze"))
    assert analysis["raw_id"] == second["id"]
    assert analysis["top_wants"][0]["area_id"] == "personal_growth"


def test_analyze_without_a_completed_record_is_404(auth_client):
    err(auth_client.post("/api/v1/wants/analyze"), 404, "WANTS_COMPLETED_NOT_FOUND")
    WantsRawFactory(user=auth_client.user)  # a draft is not enough
    CompletedWantsRawFactory()  # nor someone else's record
    err(auth_client.post("/api/v1/wants/analyze"), 404, "WANTS_COMPLETED_NOT_FOUND")
    assert text_used(auth_client.user) == 0


def test_quota_exceeded_after_five_analyses_on_free_plan(auth_client, completed_via_api):
    for _ in range(5):
        ok(auth_client.post("/api/v1/wants/analyze"))
    error = err(auth_client.post("/api/v1/wants/analyze"), 403, "QUOTA_EXCEEDED")
    assert error["details"] == {"resource": "text", "used": 5, "limit": 5}
    assert WantsAnalysis.objects.filter(user=auth_client.user).count() == 5
    assert text_used(auth_client.user) == 5


def test_quota_is_checked_before_anything_else(auth_client):
    for i in range(5):
        quota_charge(user=auth_client.user, resource="text", key=f"other-{i}")
    err(auth_client.post("/api/v1/wants/analyze"), 403, "QUOTA_EXCEEDED")


@pytest.fixture
def composer(monkeypatch):
    """Swap the offline composer of wants.analyze for a test double."""

    def install(func):
        monkeypatch.setitem(ai_offline._COMPOSERS, "wants.analyze", func)

    return install


def _raise(exc):
    def compose(context, locale):
        raise exc

    return compose


@pytest.mark.parametrize(
    ("compose", "status", "code"),
    [
        (_raise(AITimeout("slow")), 504, "WANTS_AI_TIMEOUT"),
        (_raise(AIError("down")), 502, "WANTS_AI_FAILED"),
        (lambda context, locale: {"summary": "x", "top_wants": "not a list"}, 502, "WANTS_AI_FAILED"),
        (lambda context, locale: ["not", "an", "object"], 502, "WANTS_AI_FAILED"),
        (
            lambda context, locale: {
                "summary": "x", "top_wants": [{"text": "t", "area_id": "mars", "intensity": 5}], "by_area": [],
                "hidden_motives": [], "recommended_focus_areas": [],
            },
            502,
            "WANTS_AI_FAILED",
        ),
        (_raise(RuntimeError("bug")), 502, "WANTS_AI_FAILED"),
    ],
)
def test_ai_failures_charge_nothing_and_save_nothing(auth_client, completed_via_api, composer, compose, status, code):
    composer(compose)
    before = text_used(auth_client.user)
    err(auth_client.post("/api/v1/wants/analyze"), status, code)
    assert text_used(auth_client.user) == before == 0
    assert not QuotaCharge.objects.exists()
    assert not WantsAnalysis.objects.exists()


def test_ai_output_is_validated_against_the_schema(auth_client, completed_via_api, composer):
    good = {
        "summary": "s",
        "top_wants": [{"text": "t", "area_id": "health", "intensity": 10}] * 10,
        "by_area": [{"area_id": "career", "insight": "i"}],
        "hidden_motives": ["m"],
        "recommended_focus_areas": ["health", "career", "finance"],
    }
    composer(lambda context, locale: good)
    assert ok(auth_client.post("/api/v1/wants/analyze"))["top_wants"] == good["top_wants"]
    for bad in [
        {**good, "top_wants": good["top_wants"] * 2},  # more than 10
        {**good, "top_wants": [{"text": "t", "area_id": "health", "intensity": 11}]},
        {**good, "top_wants": [{"text": "x" * 501, "area_id": "health", "intensity": 1}]},
        {**good, "recommended_focus_areas": ["health", "career", "finance", "leisure"]},
        {**good, "recommended_focus_areas": ["moon"]},
        {**good, "summary": "x" * 4001},
        {key: value for key, value in good.items() if key != "summary"},
    ]:
        composer(lambda context, locale, bad=bad: bad)
        err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert WantsAnalysis.objects.count() == 1
    assert text_used(auth_client.user) == 1


def test_quota_race_inside_the_job_rolls_the_analysis_back(auth_client, completed_via_api, composer):
    """Another request used the last units after this one's quota check: the save and the
    charge are one transaction, so nothing is saved and the answer is QUOTA_EXCEEDED."""
    real = ai_offline._COMPOSERS["wants.analyze"]

    def racing(context, locale):
        for i in range(5):
            quota_charge(user=auth_client.user, resource="text", key=f"race-{i}")
        return real(context, locale)

    composer(racing)
    response = auth_client.post("/api/v1/wants/analyze")
    err(response, 403, "QUOTA_EXCEEDED")
    assert response.json()["error"]["details"] == {"resource": "text", "used": 5, "limit": 5}
    assert not WantsAnalysis.objects.exists()
    assert AIJob.objects.get().status == "failed"


def test_redelivered_job_saves_and_charges_once(composer):
    raw = CompletedWantsRawFactory()
    calls = []
    real = ai_offline._COMPOSERS["wants.analyze"]

    def counting(context, locale):
        calls.append(1)
        return real(context, locale)

    composer(counting)
    job = ai_job_create(user=raw.user, kind="wants.analyze", params={"raw_id": str(raw.id)})  # runs (eager)
    assert ai_job_execute(job_id=str(job.pk)) == {"job_id": str(job.pk), "status": "duplicate"}
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.result["id"] == str(WantsAnalysis.objects.get().id)
    assert WantsAnalysis.objects.count() == 1
    assert text_used(raw.user) == 1
    assert len(calls) == 1


@pytest.mark.parametrize(("which", "code"), [("foreign", "WANTS_COMPLETED_NOT_FOUND"), ("draft", "WANTS_COMPLETED_NOT_FOUND"), ("garbage", "WANTS_AI_FAILED")])
def test_job_with_a_bad_record_fails_cleanly(which, code):
    raw = CompletedWantsRawFactory()
    other = {"foreign": CompletedWantsRawFactory(), "draft": WantsRawFactory(user=raw.user)}.get(which)
    raw_id = "nope" if which == "garbage" else str(other.id)
    job = ai_job_create(user=raw.user, kind="wants.analyze", params={"raw_id": raw_id})
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", code)
    assert not WantsAnalysis.objects.exists()
    assert text_used(raw.user) == 0


def test_context_caps_long_texts_and_lists_the_areas():
    raw = CompletedWantsRawFactory(raw_wants_stream="x" * 120_000)
    context = wants_ai.wants_analyze_context(texts=wants_completed_texts(user=raw.user, raw_id=raw.pk), locale="en")
    assert len(context["raw_wants_stream"]) == 50_000
    assert context["area_ids"][0] == "health" and len(context["area_ids"]) == 8
    json.dumps(context)


@override_settings(AI_BACKEND="nonsense")
def test_unknown_backend_is_a_clean_502(auth_client, completed_via_api):
    err(auth_client.post("/api/v1/wants/analyze"), 502, "WANTS_AI_FAILED")
    assert text_used(auth_client.user) == 0


def test_work_finishing_after_its_deadline_is_neither_saved_nor_charged(auth_client, completed_via_api, composer, settings):
    """The AI answers after the job's deadline (AI_TASK_WAIT_SECONDS): the client gets 504 and
    the late answer is discarded: no analysis, no charge, the job failed as timed out."""
    import time

    real = ai_offline._COMPOSERS["wants.analyze"]
    settings.AI_TASK_WAIT_SECONDS = 0.3

    def slow(context, locale):
        time.sleep(0.5)  # the behaviour under test: work that outlasts the job's deadline
        return real(context, locale)

    composer(slow)
    err(auth_client.post("/api/v1/wants/analyze"), 504, "WANTS_AI_TIMEOUT")
    assert not WantsAnalysis.objects.exists()
    assert text_used(auth_client.user) == 0
    assert not QuotaCharge.objects.exists()
    job = AIJob.objects.get()
    assert (job.status, job.error_code) == ("failed", "WANTS_AI_TIMEOUT")
    assert ok(auth_client.get("/api/v1/wants/analysis")) is None

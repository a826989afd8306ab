import uuid

import pytest

from apps.gamification.models import XPEvent
from apps.wants.models import WantsRaw, WantsRawStatus

from .factories import CompletedWantsRawFactory, ReadyWantsRawFactory, WantsRawFactory
from .helpers import err, finish_exercise, ok

pytestmark = pytest.mark.django_db

RAW_FIELDS = {
    "id", "status", "raw_wants_stream", "stream_started_at", "stream_completed_at", "raw_future_me",
    "future_me_started_at", "future_me_completed_at", "raw_envy", "raw_regrets", "raw_what_to_do_5y",
    "reverse_completed_at", "completed_at", "created_at", "updated_at",
}


def test_whole_flow_from_draft_to_history(auth_client):
    draft = ok(auth_client.post("/api/v1/wants/raw"))
    assert set(draft) == RAW_FIELDS
    assert draft["status"] == "draft"

    start = ok(auth_client.post("/api/v1/wants/stream/start"))
    assert start["raw_id"] == draft["id"]
    assert start["stream_timer_seconds"] == 600
    assert start["stream_started_at"].endswith("Z")
    assert start["stream_completed_at"] is None

    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "I want to run"}, format="json"))
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "I want a dog"}, format="json"))
    stop = ok(auth_client.post("/api/v1/wants/stream/append", {"text": "стоп"}, format="json"))
    assert stop == {"raw_id": draft["id"], "is_completed": True, "raw_wants_stream_preview": "I want to run\nI want a dog"}

    ok(auth_client.put("/api/v1/wants/future-me", {"text": "I am 40."}, format="json"))
    ok(auth_client.post("/api/v1/wants/future-me/append", {"text": "I live by the sea."}, format="json"))
    future = ok(auth_client.post("/api/v1/wants/future-me/finish"))
    assert future["raw_future_me"] == "I am 40.\nI live by the sea."
    assert future["future_me_completed_at"] is not None

    reverse = ok(
        auth_client.put(
            "/api/v1/wants/reverse",
            {"raw_envy": "Travellers", "raw_regrets": "No sport", "raw_what_to_do_5y": "Write a book"},
            format="json",
        )
    )
    assert reverse["reverse_completed_at"] is not None

    assert ok(auth_client.get("/api/v1/wants/progress"))["ready_to_complete"] is True
    completed = ok(auth_client.post("/api/v1/wants/complete"))
    assert completed["id"] == draft["id"]
    assert completed["status"] == "completed"
    assert completed["completed_at"] is not None
    assert completed["raw_wants_stream"] == "I want to run\nI want a dog"
    assert completed["gamification_event"]["reason"] == "wants_completed"
    assert completed["gamification_event"]["xp_awarded"] == 100
    assert XPEvent.objects.filter(user=auth_client.user, reason="wants_completed", object_id=draft["id"]).count() == 1

    err(auth_client.get("/api/v1/wants/raw"), 404, "WANTS_DRAFT_NOT_FOUND")
    history = ok(auth_client.get("/api/v1/wants/history"))
    assert [item["id"] for item in history["items"]] == [draft["id"]]
    assert ok(auth_client.get(f"/api/v1/wants/raw/{draft['id']}"))["status"] == "completed"


def test_post_raw_returns_the_same_draft(auth_client):
    first = ok(auth_client.post("/api/v1/wants/raw"))
    assert ok(auth_client.post("/api/v1/wants/raw"))["id"] == first["id"]
    assert ok(auth_client.get("/api/v1/wants/raw"))["id"] == first["id"]
    assert WantsRaw.objects.filter(user=auth_client.user).count() == 1


def test_get_raw_without_draft_is_404(auth_client):
    err(auth_client.get("/api/v1/wants/raw"), 404, "WANTS_DRAFT_NOT_FOUND")
    assert not WantsRaw.objects.exists()


def test_trailing_slash_works_without_redirect(auth_client):
    ok(auth_client.post("/api/v1/wants/raw/"))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/wants/raw"),
        ("post", "/api/v1/wants/raw"),
        ("get", f"/api/v1/wants/raw/{uuid.uuid4()}"),
        ("post", "/api/v1/wants/stream/start"),
        ("post", "/api/v1/wants/stream/append"),
        ("post", "/api/v1/wants/stream/finish"),
        ("put", "/api/v1/wants/future-me"),
        ("post", "/api/v1/wants/future-me/append"),
        ("post", "/api/v1/wants/future-me/finish"),
        ("put", "/api/v1/wants/reverse"),
        ("get", "/api/v1/wants/progress"),
        ("post", "/api/v1/wants/complete"),
        ("post", "/api/v1/wants/analyze"),
        ("get", "/api/v1/wants/analysis"),
        ("get", "/api/v1/wants/history"),
    ],
)
def test_every_endpoint_requires_authentication(api_client, method, path):
    err(getattr(api_client, method)(path, {"text": "x"}, format="json"), 401, "AUTH_NOT_AUTHENTICATED")
    assert not WantsRaw.objects.exists()


def test_db_allows_only_one_draft_per_user(user):
    from django.db import IntegrityError, transaction

    WantsRawFactory(user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        WantsRawFactory(user=user)
    CompletedWantsRawFactory(user=user)  # completed records are not limited
    assert WantsRaw.objects.filter(user=user).count() == 2


# --- stream


def test_stream_start_creates_draft_and_is_idempotent(auth_client):
    first = ok(auth_client.post("/api/v1/wants/stream/start"))
    again = ok(auth_client.post("/api/v1/wants/stream/start"))
    assert again == first
    assert WantsRaw.objects.get(pk=first["raw_id"]).status == "draft"


def test_stream_finish_completes_without_stop_and_keeps_times(auth_client):
    start = ok(auth_client.post("/api/v1/wants/stream/start"))
    finish = ok(auth_client.post("/api/v1/wants/stream/finish"))
    assert finish["stream_started_at"] == start["stream_started_at"]
    assert finish["stream_completed_at"] is not None
    assert finish["stream_timer_seconds"] == 600
    assert ok(auth_client.post("/api/v1/wants/stream/finish")) == finish


def test_append_starts_the_stream(auth_client):
    result = ok(auth_client.post("/api/v1/wants/stream/append", {"text": "A cat"}, format="json"))
    raw = WantsRaw.objects.get(pk=result["raw_id"])
    assert raw.stream_started_at is not None
    assert raw.stream_completed_at is None
    assert result["is_completed"] is False


@pytest.mark.parametrize("stop_word", ["стоп", "stop", " STOP ", "Стоп", "\tСТОП\n"])
def test_stop_word_completes_the_stream_and_is_not_stored(auth_client, stop_word):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "A house"}, format="json"))
    result = ok(auth_client.post("/api/v1/wants/stream/append", {"text": stop_word}, format="json"))
    assert result["is_completed"] is True
    raw = WantsRaw.objects.get(pk=result["raw_id"])
    assert raw.raw_wants_stream == "A house"
    assert raw.stream_completed_at is not None


def test_stop_inside_a_sentence_is_stored(auth_client):
    result = ok(auth_client.post("/api/v1/wants/stream/append", {"text": "stop smoking"}, format="json"))
    assert result["is_completed"] is False
    assert result["raw_wants_stream_preview"] == "stop smoking"


def test_append_after_completion_is_409(auth_client):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "A"}, format="json"))
    ok(auth_client.post("/api/v1/wants/stream/finish"))
    err(auth_client.post("/api/v1/wants/stream/append", {"text": "B"}, format="json"), 409, "WANTS_STREAM_ALREADY_COMPLETED")
    err(auth_client.post("/api/v1/wants/stream/append", {"text": "stop"}, format="json"), 409, "WANTS_STREAM_ALREADY_COMPLETED")
    assert WantsRaw.objects.get(user=auth_client.user).raw_wants_stream == "A"


def test_preview_is_the_tail_of_the_stream(auth_client):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "a" * 600}, format="json"))
    result = ok(auth_client.post("/api/v1/wants/stream/append", {"text": "the end"}, format="json"))
    preview = result["raw_wants_stream_preview"]
    assert len(preview) == 500
    assert preview.endswith("a\nthe end")
    assert WantsRaw.objects.get(pk=result["raw_id"]).raw_wants_stream == "a" * 600 + "\nthe end"


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}, {"text": "x" * 50_001}, {"text": None}])
def test_append_text_is_validated(auth_client, body):
    error = err(auth_client.post("/api/v1/wants/stream/append", body, format="json"), 422, "VALIDATION_ERROR")
    assert "text" in error["fields"]


def test_append_accepts_the_longest_line(auth_client):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "x" * 50_000}, format="json"))


def test_stream_total_is_capped_at_200000(auth_client, user):
    WantsRawFactory(user=user, raw_wants_stream="x" * 199_990)
    error = err(auth_client.post("/api/v1/wants/stream/append", {"text": "y" * 10}, format="json"), 422, "VALIDATION_ERROR")
    assert "text" in error["fields"]
    assert WantsRaw.objects.get(user=user).raw_wants_stream == "x" * 199_990
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "y" * 9}, format="json"))  # + "\n" = 200,000
    assert len(WantsRaw.objects.get(user=user).raw_wants_stream) == 200_000


# --- future me


def test_future_me_put_replaces_and_append_adds_a_chunk(auth_client):
    first = ok(auth_client.put("/api/v1/wants/future-me", {"text": "Old"}, format="json"))
    assert first["future_me_started_at"] is not None
    replaced = ok(auth_client.put("/api/v1/wants/future-me", {"text": "New"}, format="json"))
    assert replaced["raw_future_me"] == "New"
    assert replaced["future_me_started_at"] == first["future_me_started_at"]
    appended = ok(auth_client.post("/api/v1/wants/future-me/append", {"text": "More"}, format="json"))
    assert set(appended) == {"raw_id", "raw_future_me", "future_me_started_at", "future_me_completed_at"}
    assert appended["raw_future_me"] == "New\nMore"


def test_future_me_append_starts_the_exercise(auth_client):
    result = ok(auth_client.post("/api/v1/wants/future-me/append", {"text": "Chunk"}, format="json"))
    assert result["raw_future_me"] == "Chunk"
    assert result["future_me_started_at"] is not None


def test_future_me_stays_editable_after_finish(auth_client):
    ok(auth_client.put("/api/v1/wants/future-me", {"text": "Draft"}, format="json"))
    finished = ok(auth_client.post("/api/v1/wants/future-me/finish"))
    edited = ok(auth_client.post("/api/v1/wants/future-me/append", {"text": "Later"}, format="json"))
    assert edited["raw_future_me"] == "Draft\nLater"
    assert edited["future_me_completed_at"] == finished["future_me_completed_at"]
    assert ok(auth_client.post("/api/v1/wants/future-me/finish")) == edited


def test_future_me_limits(auth_client, user):
    err(auth_client.put("/api/v1/wants/future-me", {"text": ""}, format="json"), 422, "VALIDATION_ERROR")
    error = err(auth_client.put("/api/v1/wants/future-me", {"text": "x" * 200_001}, format="json"), 422, "VALIDATION_ERROR")
    assert "text" in error["fields"]
    ok(auth_client.put("/api/v1/wants/future-me", {"text": "x" * 200_000}, format="json"))
    error = err(auth_client.post("/api/v1/wants/future-me/append", {"text": "y"}, format="json"), 422, "VALIDATION_ERROR")
    assert "text" in error["fields"]
    assert WantsRaw.objects.get(user=user).raw_future_me == "x" * 200_000


# --- reverse


def test_reverse_is_partial_and_completes_when_all_three_are_filled(auth_client):
    partial = ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "Travellers"}, format="json"))
    assert partial == {
        "raw_id": partial["raw_id"], "raw_envy": "Travellers", "raw_regrets": "", "raw_what_to_do_5y": "",
        "reverse_completed_at": None,
    }
    partial = ok(auth_client.put("/api/v1/wants/reverse", {"raw_regrets": "No sport"}, format="json"))
    assert partial["raw_envy"] == "Travellers"
    assert partial["reverse_completed_at"] is None
    done = ok(auth_client.put("/api/v1/wants/reverse", {"raw_what_to_do_5y": "A book"}, format="json"))
    assert done["reverse_completed_at"] is not None
    again = ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "Writers"}, format="json"))
    assert again["reverse_completed_at"] == done["reverse_completed_at"]


def test_reverse_completion_is_cleared_when_an_answer_becomes_blank(auth_client):
    ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "A", "raw_regrets": "B", "raw_what_to_do_5y": "C"}, format="json"))
    cleared = ok(auth_client.put("/api/v1/wants/reverse", {"raw_regrets": "   "}, format="json"))
    assert cleared["raw_regrets"] == ""
    assert cleared["reverse_completed_at"] is None


def test_reverse_answer_length_is_limited(auth_client):
    error = err(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "x" * 20_001}, format="json"), 422, "VALIDATION_ERROR")
    assert set(error["fields"]) == {"raw_envy"}
    ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "x" * 20_000}, format="json"))


# --- progress


def test_progress_without_draft_is_all_empty(auth_client):
    progress = ok(auth_client.get("/api/v1/wants/progress"))
    assert progress == {
        "raw_id": None,
        "status": None,
        "stream": {"started": False, "completed": False, "started_at": None, "completed_at": None, "chars": 0},
        "future_me": {"started": False, "completed": False, "started_at": None, "completed_at": None, "chars": 0},
        "reverse": {
            "envy_filled": False, "regrets_filled": False, "what_to_do_5y_filled": False,
            "completed": False, "completed_at": None, "chars": 0,
        },
        "ready_to_complete": False,
    }
    assert not WantsRaw.objects.exists()


def test_progress_counts_without_texts(auth_client):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "Run"}, format="json"))
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "Swim"}, format="json"))
    ok(auth_client.put("/api/v1/wants/future-me", {"text": "I am 40"}, format="json"))
    ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "abc", "raw_what_to_do_5y": "de"}, format="json"))
    progress = ok(auth_client.get("/api/v1/wants/progress"))
    assert progress["status"] == "draft"
    assert progress["stream"]["started"] is True
    assert progress["stream"]["completed"] is False
    assert progress["stream"]["chars"] == len("Run\nSwim")
    assert progress["future_me"]["started"] is True
    assert progress["future_me"]["completed"] is False
    assert progress["future_me"]["chars"] == 7
    assert progress["reverse"] == {
        "envy_filled": True, "regrets_filled": False, "what_to_do_5y_filled": True,
        "completed": False, "completed_at": None, "chars": 5,
    }
    assert progress["ready_to_complete"] is False
    assert "Run" not in str(progress)


def test_progress_of_a_ready_draft(auth_client):
    finish_exercise(auth_client)
    progress = ok(auth_client.get("/api/v1/wants/progress"))
    assert progress["stream"]["completed"] and progress["future_me"]["completed"] and progress["reverse"]["completed"]
    assert progress["ready_to_complete"] is True


# --- complete


def test_complete_without_draft_is_404(auth_client):
    err(auth_client.post("/api/v1/wants/complete"), 404, "WANTS_DRAFT_NOT_FOUND")


def test_complete_of_an_empty_draft_names_every_missing_part(auth_client):
    ok(auth_client.post("/api/v1/wants/raw"))
    error = err(auth_client.post("/api/v1/wants/complete"), 422, "WANTS_RAW_NOT_READY")
    assert set(error["fields"]) == {"stream", "future_me", "envy", "regrets", "what_to_do_5y"}
    assert all(isinstance(m, str) and m for messages in error["fields"].values() for m in messages)
    assert WantsRaw.objects.get(user=auth_client.user).status == "draft"


def test_complete_names_only_what_is_missing(auth_client):
    ok(auth_client.post("/api/v1/wants/stream/append", {"text": "Run"}, format="json"))  # not finished
    ok(auth_client.put("/api/v1/wants/future-me", {"text": "I am 40"}, format="json"))
    ok(auth_client.post("/api/v1/wants/future-me/finish"))
    ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "A", "raw_what_to_do_5y": "C"}, format="json"))
    error = err(auth_client.post("/api/v1/wants/complete"), 422, "WANTS_RAW_NOT_READY")
    assert set(error["fields"]) == {"stream", "regrets"}


def test_finished_but_empty_parts_are_not_ready(auth_client):
    ok(auth_client.post("/api/v1/wants/stream/finish"))
    ok(auth_client.post("/api/v1/wants/future-me/finish"))
    ok(auth_client.put("/api/v1/wants/reverse", {"raw_envy": "A", "raw_regrets": "B", "raw_what_to_do_5y": "C"}, format="json"))
    error = err(auth_client.post("/api/v1/wants/complete"), 422, "WANTS_RAW_NOT_READY")
    assert set(error["fields"]) == {"stream", "future_me"}


def test_complete_awards_xp_once_and_mutations_then_start_a_new_draft(auth_client, completed_via_api):
    assert completed_via_api["gamification_event"]["total_xp"] == 100
    err(auth_client.post("/api/v1/wants/complete"), 404, "WANTS_DRAFT_NOT_FOUND")
    appended = ok(auth_client.post("/api/v1/wants/stream/append", {"text": "New"}, format="json"))
    assert appended["raw_id"] != completed_via_api["id"]
    assert appended["raw_wants_stream_preview"] == "New"
    old = WantsRaw.objects.get(pk=completed_via_api["id"])
    assert old.status == "completed"
    assert old.raw_wants_stream == completed_via_api["raw_wants_stream"]


def test_stale_draft_completed_meanwhile_is_immutable_through_the_api(auth_client, monkeypatch):
    """A request that fetched the draft just before another request completed it must not
    write into the completed record."""
    raw = ReadyWantsRawFactory(user=auth_client.user)
    from apps.wants import services

    WantsRaw.objects.filter(pk=raw.pk).update(status=WantsRawStatus.COMPLETED, completed_at=raw.created_at)
    monkeypatch.setattr(services, "wants_draft_get_or_create", lambda *, user, light=False: raw)  # the stale read
    for method, path, body in [
        ("post", "/api/v1/wants/stream/append", {"text": "late"}),
        ("post", "/api/v1/wants/stream/start", None),
        ("post", "/api/v1/wants/stream/finish", None),
        ("put", "/api/v1/wants/future-me", {"text": "late"}),
        ("post", "/api/v1/wants/future-me/append", {"text": "late"}),
        ("post", "/api/v1/wants/future-me/finish", None),
        ("put", "/api/v1/wants/reverse", {"raw_envy": "late"}),
    ]:
        err(getattr(auth_client, method)(path, body, format="json"), 409, "WANTS_RAW_IMMUTABLE")
    fresh = WantsRaw.objects.get(pk=raw.pk)
    assert "late" not in fresh.raw_wants_stream + fresh.raw_future_me + fresh.raw_envy


def test_complete_of_a_stale_draft_is_immutable_and_pays_no_xp_twice(auth_client, monkeypatch):
    raw = ReadyWantsRawFactory(user=auth_client.user)
    from apps.wants import selectors

    ok(auth_client.post("/api/v1/wants/complete"))
    monkeypatch.setattr(selectors, "wants_draft_get", lambda *, user: raw)
    err(auth_client.post("/api/v1/wants/complete"), 409, "WANTS_RAW_IMMUTABLE")
    assert XPEvent.objects.filter(user=auth_client.user).count() == 1


# --- history and one record


def test_history_is_newest_first_and_paginated(auth_client, user):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ids = [str(CompletedWantsRawFactory(user=user, completed_at=now - timedelta(days=i)).id) for i in range(3)]
    WantsRawFactory(user=user)  # the draft is not history
    CompletedWantsRawFactory()  # someone else's
    response = auth_client.get("/api/v1/wants/history?page=1&page_size=2")
    result = ok(response)
    assert [item["id"] for item in result["items"]] == ids[:2]
    assert set(result["items"][0]) == RAW_FIELDS
    pagination = response.json()["meta"]["pagination"]
    assert pagination == {"page": 1, "page_size": 2, "total": 3, "total_pages": 2, "has_next": True, "has_prev": False}
    assert [item["id"] for item in ok(auth_client.get("/api/v1/wants/history?page=2&page_size=2"))["items"]] == ids[2:]


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "page=x"])
def test_history_rejects_bad_paging(auth_client, query):
    err(auth_client.get(f"/api/v1/wants/history?{query}"), 422, "VALIDATION_ERROR")


def test_raw_by_id_returns_own_completed_record(auth_client, user):
    raw = CompletedWantsRawFactory(user=user)
    result = ok(auth_client.get(f"/api/v1/wants/raw/{raw.id}"))
    assert result["id"] == str(raw.id)
    assert result["raw_envy"] == raw.raw_envy


def test_raw_by_id_of_another_user_is_404(auth_client, other_client):
    raw = CompletedWantsRawFactory(user=other_client.user)
    foreign = err(auth_client.get(f"/api/v1/wants/raw/{raw.id}"), 404, "WANTS_RAW_NOT_FOUND")
    missing = err(auth_client.get(f"/api/v1/wants/raw/{uuid.uuid4()}"), 404, "WANTS_RAW_NOT_FOUND")
    assert foreign == missing  # same message, details and fields: nothing tells the record exists
    assert ok(other_client.get(f"/api/v1/wants/raw/{raw.id}"))["id"] == str(raw.id)


@pytest.mark.parametrize("raw_id", [str(uuid.uuid4()), "not-a-uuid", "123", "%20"])
def test_raw_by_missing_or_malformed_id_is_404(auth_client, raw_id):
    err(auth_client.get(f"/api/v1/wants/raw/{raw_id}"), 404, "WANTS_RAW_NOT_FOUND")


def test_raw_by_id_of_a_draft_is_404(auth_client):
    draft = ok(auth_client.post("/api/v1/wants/raw"))
    err(auth_client.get(f"/api/v1/wants/raw/{draft['id']}"), 404, "WANTS_RAW_NOT_FOUND")


def test_other_users_draft_is_invisible(auth_client, other_client):
    ok(other_client.post("/api/v1/wants/stream/append", {"text": "secret"}, format="json"))
    err(auth_client.get("/api/v1/wants/raw"), 404, "WANTS_DRAFT_NOT_FOUND")
    assert ok(auth_client.get("/api/v1/wants/progress"))["raw_id"] is None
    assert ok(auth_client.post("/api/v1/wants/raw"))["raw_wants_stream"] == ""


# --- locale


def test_errors_speak_the_users_language(auth_client):
    auth_client.user.locale = "ru"
    auth_client.user.save(update_fields=["locale"])
    error = err(auth_client.get("/api/v1/wants/raw"), 404, "WANTS_DRAFT_NOT_FOUND")
    assert error["message"] == "Черновик упражнения «Хочу» не найден. Начните упражнение."
    ok(auth_client.post("/api/v1/wants/raw"))
    error = err(auth_client.post("/api/v1/wants/complete"), 422, "WANTS_RAW_NOT_READY")
    assert error["fields"]["regrets"] == ["Ответьте на этот вопрос."]
    assert error["fields"]["future_me"] == ["Напишите текст «Мне 40»."]


def test_errors_in_english(auth_client):
    error = err(auth_client.get("/api/v1/wants/raw"), 404, "WANTS_DRAFT_NOT_FOUND")
    assert error["message"] == "There is no wants draft. Start the exercise first."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/wants/stream/append", {"text": "run\x00fast"}),
        ("put", "/api/v1/wants/future-me", {"text": "\x00"}),
        ("post", "/api/v1/wants/future-me/append", {"text": "sea\x00"}),
        ("put", "/api/v1/wants/reverse", {"raw_envy": "a\x00b"}),
        ("put", "/api/v1/wants/reverse", {"raw_regrets": "x" * 20_001}),
        ("post", "/api/v1/wants/stream/append", {"text": ["a"]}),
        ("put", "/api/v1/wants/future-me", {"text": {"a": 1}}),
    ],
)
def test_nul_bytes_and_wrong_types_are_422_and_store_nothing(auth_client, method, path, body):
    """PostgreSQL rejects NUL in text: it must be refused before it gets there (SECURITY 30)."""
    draft = ok(auth_client.post("/api/v1/wants/raw"))
    err(getattr(auth_client, method)(path, body, format="json"), 422, "VALIDATION_ERROR")
    assert ok(auth_client.get("/api/v1/wants/raw")) == draft


@pytest.mark.parametrize("raw_id", ["%00", "a%00b", "x" * 5000, f"{uuid.uuid4()}%00"])
def test_hostile_raw_ids_are_404(auth_client, raw_id):
    err(auth_client.get(f"/api/v1/wants/raw/{raw_id}"), 404, "WANTS_RAW_NOT_FOUND")


@pytest.mark.parametrize("text", [5, 1.5, True, ["a"], {"a": 1}])
def test_non_string_text_is_422_and_nothing_is_stored(auth_client, text):
    response = auth_client.post("/api/v1/wants/stream/append", {"text": text}, format="json")
    assert response.status_code == 422
    assert "text" in response.json()["error"]["fields"]
    assert auth_client.get("/api/v1/wants/raw").status_code in (200, 404)
    draft = auth_client.get("/api/v1/wants/raw").json()["result"]
    assert draft is None or draft["raw_wants_stream"] == ""

"""Issue 19: list reads without their serializers, caches and JSON encoder, answering exactly
as before. Each lever is checked against what it replaced (the DRF serializer, DRF's JSON
encoder, Django's timestamp loader), and the answer caches can be switched off
(ANSWER_CACHES=false) without changing an answer."""

import datetime as dt
import decimal
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from apps.accounts.models import Session
from apps.accounts.presenters import session_public
from apps.ai.models import AIJob
from apps.areas.api.serializers import AreaListQuerySerializer
from apps.areas.services import ensure_default_areas
from apps.core.pagination import PageQuerySerializer
from apps.core.renderers import EnvelopeRenderer
from apps.core.validation import validated, validated_query
from apps.gamification.api.serializers import AchievementPublicSerializer, LeaderboardQuerySerializer
from apps.gamification.models import Achievement, UserAchievement, XPTotal
from apps.gamification.presenters import achievement_public
from apps.gamification.selectors import achievement_list
from apps.goals.api.serializers import GoalListQuerySerializer
from apps.life_wheel.models import LifeWheel
from apps.life_wheel.services import life_wheel_create
from apps.rituals.api.serializers import JournalEntryListQuerySerializer, JournalEntryPublicSerializer
from apps.rituals.models import JournalEntry
from apps.rituals.presenters import entry_public
from apps.rituals.selectors import journal_entry_list
from apps.steps.api.serializers import StepListQuerySerializer
from apps.wants.api.serializers import WantsAnalysisPublicSerializer, WantsRawPublicSerializer
from apps.wants.models import WantsAnalysis, WantsRaw
from apps.wants.presenters import analysis_public, raw_public
from apps.wants.selectors import wants_history
from tests.accounts.factories import UserFactory
from tests.conftest import client_for, postgres_only
from tests.wants.factories import CompletedWantsRawFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 20)


def _seed_lists(user, rows: int = 25) -> None:
    LifeWheel.objects.bulk_create(LifeWheel(user=user, scores={"health": i % 11}, note=str(i)) for i in range(rows))
    JournalEntry.objects.bulk_create(
        JournalEntry(user=user, type=kind, entry_date=TODAY - dt.timedelta(days=i), answers={"q": i}, mood_score=5)
        for i in range(rows)
        for kind in ("morning", "evening")
    )
    for i in range(rows):
        CompletedWantsRawFactory(user=user, completed_at=timezone.now() - dt.timedelta(hours=i))


LISTS = [
    "/api/v1/life_wheel",
    "/api/v1/wants/history",
    "/api/v1/rituals/entries",
    "/api/v1/rituals/entries?from=2026-02-01&to=2026-03-20",
]


def _with(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("caches", [True, False])
def test_defaults_spelled_out_are_the_same_request(path, caches, settings):
    """`?page=1&page_size=20` answers exactly what the bare request answers (and the bare
    request after it, whichever is cached first)."""
    settings.ANSWER_CACHES = caches
    user = UserFactory()
    _seed_lists(user)
    client = client_for(user)
    spelled = client.get(_with(path, "page=1&page_size=20")).json()
    bare = client.get(path).json()
    again = client.get(_with(path, "page_size=20&page=1")).json()
    assert spelled["ok"] and len(spelled["result"]["items"]) == 20
    assert spelled["result"] == bare["result"] == again["result"]
    assert spelled["meta"]["pagination"] == bare["meta"]["pagination"] == again["meta"]["pagination"]
    assert bare["meta"]["pagination"]["total"] in (25, 50)


@pytest.mark.parametrize("path", LISTS[:3])
def test_a_write_shows_at_once_in_the_spelled_out_first_page(path):
    user = UserFactory()
    _seed_lists(user, rows=3)
    client = client_for(user)
    before = client.get(_with(path, "page=1&page_size=20")).json()["meta"]["pagination"]["total"]
    ensure_default_areas()
    life_wheel_create(user=user, scores={"health": 1})
    JournalEntry.objects.create(user=user, type="morning", entry_date=TODAY + dt.timedelta(days=1))
    CompletedWantsRawFactory(user=user)
    for query in ("page=1&page_size=20", ""):
        after = client.get(_with(path, query) if query else path).json()["meta"]["pagination"]["total"]
        assert after == before + 1, query


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/life_wheel?page=1&page_size=20",
        "/api/v1/wants/history?page=2&page_size=10",
        "/api/v1/rituals/entries?from=2026-01-01&to=2026-03-20&page=1&page_size=20",
        "/api/v1/gamification/leaderboard?limit=20",
        "/api/v1/gamification/achievements",
        "/api/v1/auth/sessions",
    ],
)
def test_with_answer_caches_off_a_list_is_one_query_and_never_cached(path, settings, monkeypatch):
    """ANSWER_CACHES=false: the list is read (one query: the page with its total, or the whole
    answer), nothing is written to the cache, and the answer is the same as with caches on."""
    user = UserFactory()
    _seed_lists(user)
    for i in range(25):
        XPTotal.objects.create(user=UserFactory(first_name=f"P{i}"), xp=10 * (i + 1))
    client = client_for(user)
    settings.ANSWER_CACHES = True
    cached_answer = client.get(path).json()["result"]
    settings.ANSWER_CACHES = False
    client.get(path)  # the session check is cached
    writes = []
    for name in ("set", "add", "set_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(cache, name, lambda *a, _o=original, _n=name, **k: (writes.append(_n), _o(*a, **k))[1])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    assert len(captured) == 1, [q["sql"] for q in captured]
    assert writes == []
    assert response.json()["result"] == cached_answer


@pytest.mark.parametrize(
    "path", ["/api/v1/me", "/api/v1/gamification/profile", "/api/v1/rituals/today", "/api/v1/wants/progress"]
)
def test_with_answer_caches_off_a_cached_read_is_built_each_time(path, settings):
    user = UserFactory(date_of_birth=dt.date(1990, 5, 17))
    client = client_for(user)
    on = client.get(path).json()["result"]
    settings.ANSWER_CACHES = False
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        off = client.get(path).json()["result"]
    assert len(captured) >= 1  # read from the database, not from a cache
    assert off == on


# --- Presenters from `.values()` rows write what the serializers wrote -----------------------


def test_wants_history_rows_read_as_the_serializer_wrote_them():
    user = UserFactory()
    raw = CompletedWantsRawFactory(user=user, raw_envy="зависть ✓")
    whole_second = CompletedWantsRawFactory(
        user=user, completed_at=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), reverse_completed_at=None
    )  # PostgreSQL writes the timestamps (sqlread.UTCText): no ".000000", null stays null
    for record in (raw, whole_second):
        record.refresh_from_db()
    rows = {row["id_text"] if isinstance(row["id_text"], str) else str(row["id_text"]): row for row in wants_history(user=user)}
    for record in (raw, whole_second):
        expected = dict(WantsRawPublicSerializer(record).data)
        assert raw_public(rows[str(record.pk)]) == raw_public(record) == expected
    assert expected["completed_at"] == "2026-03-01T12:00:00Z" and expected["reverse_completed_at"] is None


def test_an_analysis_is_written_as_its_serializer_wrote_it():
    """The AI job's result (apps/wants/presenters.analysis_public) is a plain dict now."""
    user = UserFactory()
    raw = CompletedWantsRawFactory(user=user)
    analysis = WantsAnalysis.objects.create(
        user=user, raw=raw, summary="итог ✓", model="m",
        top_wants=[{"text": "бег", "area_id": "health", "intensity": 8}],
        by_area=[{"area_id": "health", "insight": "спорт"}, {"area_id": "career", "insight": "работа"}],
        hidden_motives=["свобода"], recommended_focus_areas=["health", "career"],
    )  # fmt: skip
    analysis.refresh_from_db()
    fields = ("id", "raw_id", "summary", "top_wants", "by_area", "hidden_motives", "recommended_focus_areas", "model", "created_at")
    expected = WantsAnalysisPublicSerializer({name: getattr(analysis, name) for name in fields}).data
    assert analysis_public(analysis) == json.loads(json.dumps(expected))
    assert analysis_public(analysis)["created_at"].endswith("Z")


def test_journal_rows_read_as_the_serializer_wrote_them():
    user = UserFactory()
    entry = JournalEntry.objects.create(
        user=user, type="evening", entry_date=TODAY, answers={"a": ["x", 1]}, mood_score=3, energy_score=None
    )
    entry.refresh_from_db()
    (row,) = list(journal_entry_list(user=user))
    assert entry_public(row) == entry_public(entry) == dict(JournalEntryPublicSerializer(entry).data)


def test_achievement_rows_read_as_the_serializer_wrote_them():
    user = UserFactory()
    Achievement.objects.all().delete()
    first = Achievement.objects.create(
        code="first", title_ru="Первый", title_en="First", description_ru="Д", description_en="D", icon="*",
        xp_reward=5, rule_counter="ritual_entries", rule_threshold=1, order_index=1,
    )
    Achievement.objects.create(
        code="second", title_ru="Второй", title_en="Second", description_ru="Д2", description_en="D2", icon="+",
        xp_reward=7, rule_counter="ritual_entries", rule_threshold=2, order_index=2,
    )
    obtained = UserAchievement.objects.create(user=user, achievement=first, obtained_at=timezone.now())
    rows = achievement_list(user=user, locale="en")
    expected = [
        dict(AchievementPublicSerializer(achievement_public(a, locale="en", obtained_at=at)).data)
        for a, at in [(first, obtained.obtained_at), (Achievement.objects.get(code="second"), None)]
    ]
    assert rows == expected
    assert rows[0]["obtained_at"].endswith("Z") and rows[1]["obtained_at"] is None


def test_session_rows_read_as_the_model_presenter_wrote_them():
    user = UserFactory()
    client = client_for(user)
    session = Session.objects.get(user=user)
    (listed,) = client.get("/api/v1/auth/sessions").json()["result"]["sessions"]
    assert listed == session_public(session, current_session_id=session.pk)
    assert listed["is_current"] is True


# --- Query strings without a serializer ------------------------------------------------------

QUERIES = [
    "", "page=1&page_size=20", "page=2", "page=0", "page=", "page=abc", "page=%D9%A3", "page=+2", "page=2.0",
    "page_size=101", "page=007", "page=1&page=3", "page=99999999999", "from=2026-01-01&to=2026-02-01",
    "from=2026-03-01&to=2026-02-01", "from=2026-02-30", "from=2026-2-3", "to=", "limit=5", "limit=1000", "limit=",
    "unknown=1",
    # written plainly (read without a QueryDict) or not: the same values
    "page=%32", "page=2&", "&&page=2", "page", "=3", "page=1=2", "page_size=5&page_size=", "status=plan%6Eed",
    # goals / steps / areas filters: choices, a goal id, a boolean
    "status=planned", "status=PLANNED", "status=", "horizon=small&status=done", "level=day", "level=week&status=todo",
    "goal_id=00000000-0000-4000-8000-0000000b0a15", "goal_id=00000000-0000-4000-8000-0000000B0A15",
    "goal_id=000000000000400080000000000b0a15", "goal_id={00000000-0000-4000-8000-0000000b0a15}", "goal_id=nope",
    "goal_id=", "goal_id=00000000-0000-4000-8000-0000000b0a15&goal_id=x", "include_inactive=true",
    "include_inactive=false", "include_inactive=True", "include_inactive=1", "include_inactive=yes",
    "include_inactive=", "include_inactive=maybe",
]


@pytest.mark.parametrize(
    "serializer",
    [PageQuerySerializer, JournalEntryListQuerySerializer, LeaderboardQuerySerializer, GoalListQuerySerializer,
     StepListQuerySerializer, AreaListQuerySerializer],
)
@pytest.mark.parametrize("query", QUERIES)
def test_validated_query_is_validated(serializer, query):
    """Same values, and for a bad value the same error, as the serializer itself."""

    def outcome(validate, *args):
        try:
            return "ok", dict(validate(serializer, *args))
        except Exception as exc:  # noqa: BLE001 - the comparison is the point
            return "error", type(exc).__name__, getattr(exc, "detail", str(exc))

    request = Request(RequestFactory().get(f"/api/v1/list?{query}"))
    assert outcome(validated_query, request) == outcome(validated, QueryDict(query))


# --- The orjson envelope ----------------------------------------------------------------------

VALUES = [
    dt.datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=ZoneInfo("UTC")),
    dt.datetime(2026, 1, 1, 12, tzinfo=ZoneInfo("Europe/London")),
    dt.datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Europe/Moscow")),
    dt.datetime(2026, 3, 1, 12, 0, 0, 5),
    dt.date(2026, 3, 1),
    dt.time(12, 30, 1, 5),
    uuid.UUID("12345678-1234-5678-1234-567812345678"),
    decimal.Decimal("1.50"),
    gettext_lazy("Hello"),
    ErrorDetail("bad", code="x"),
    dt.timedelta(seconds=90),
    "line\u2028separator\u2029",
    "only\u2029",
    "Школа, Щедрость © ¨ — no separator, but bytes A8/A9",
    "юникод ✓ 😀 </script>",
    {1: "an integer key"},
    2**70,
    [1.5, True, None, {"nested": [1, "x"]}],
    (1, 2),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_envelope_bytes_are_drfs(value):
    class Ready:
        envelope_ready = True

    context = {"response": Ready()}
    assert EnvelopeRenderer().render(value, "application/json", context) == JSONRenderer().render(value)


def test_envelope_timestamp_keeps_its_format(api_client):
    meta = api_client.get("/api/v1/_test/users").json()["meta"]
    assert meta["timestamp"].endswith("Z") and len(meta["timestamp"]) == len("2026-03-01T12:00:00.123Z")


# --- Timestamps read by the C loader ----------------------------------------------------------


@postgres_only()
def test_timestamps_read_back_exactly_in_utc():
    user = UserFactory()
    moments = [
        dt.datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=dt.UTC),
        dt.datetime(1999, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("Asia/Tokyo")),
        dt.datetime(2026, 7, 1, 1, 30, tzinfo=ZoneInfo("Europe/London")),
    ]
    for moment in moments:
        LifeWheel.objects.create(user=user, scores={}, note=moment.isoformat())
        LifeWheel.objects.filter(user=user, note=moment.isoformat()).update(created_at=moment)
    read = {row["note"]: row["created_at"] for row in LifeWheel.objects.filter(user=user).values("note", "created_at")}
    for moment in moments:
        value = read[moment.isoformat()]
        assert value == moment
        assert value.tzinfo is dt.UTC


# --- Every compiled list reads what its ORM queryset reads --------------------------------------

# Lists `paginate` reads a page of (the others are read whole).
_PAGED = {"life_wheel.list", "wants.history", "rituals.journal"}


def _compiled_list_cases(user, goal_id) -> dict[str, list[dict]]:
    now, idle_since = timezone.now(), timezone.now() - dt.timedelta(days=30)
    owner = {"owner_id": user.pk}
    return {
        "life_wheel.list": [owner],
        "wants.history": [owner],
        "wants.latest_completed": [owner],
        "wants.completed_texts": [
            {**owner, "raw_id": raw_id} for raw_id in WantsRaw.objects.filter(user=user, status="completed").values_list("id", flat=True)[:2]
        ],
        "ai.jobs_in_flight": [{**owner, "resource": "text"}, {**owner, "resource": "image"}],
        "rituals.journal": [
            {**owner, "date_from": None, "date_to": None},
            {**owner, "date_from": TODAY - dt.timedelta(days=5), "date_to": None},
            {**owner, "date_from": None, "date_to": TODAY - dt.timedelta(days=20)},
            {**owner, "date_from": TODAY - dt.timedelta(days=9), "date_to": TODAY - dt.timedelta(days=2)},
        ],
        "accounts.sessions": [{**owner, "now": now, "idle_since": idle_since}],
        "gamification.achievements": [owner],
        "gamification.leaderboard": [{"count": 100}, {"count": 20}, {"count": 1}],
        "goals.goal_rows": [
            {**owner, "horizon": None, "status": None},
            {**owner, "horizon": "1y", "status": None},
            {**owner, "horizon": None, "status": "planned"},
        ],
        "steps.step_rows": [
            {**owner, "goal_id": None, "level": None, "status": None},
            {**owner, "goal_id": goal_id, "level": None, "status": None},
            {**owner, "goal_id": None, "level": "month", "status": None},
            {**owner, "goal_id": goal_id, "level": "month", "status": "planned"},
        ],
    }


@postgres_only()
def test_every_compiled_list_reads_what_its_queryset_reads():
    """apps/core/sqlread.py: each list's SQL is compiled once per shape with markers for the
    per-request values; the rows it then reads for any caller — order, ties, filters, pages,
    totals, decoded JSON — are the rows its ORM queryset reads. Every declared list is here."""
    from django.urls import get_resolver

    from apps.core.sqlread import declared
    from apps.gamification.seed import achievements_seed
    from tests.goals.factories import GoalFactory
    from tests.steps.factories import StepFactory

    get_resolver().url_patterns  # noqa: B018 - imports every view, hence every selector module
    user, other = UserFactory(), UserFactory()
    _seed_lists(user)
    _seed_lists(other, rows=2)
    same_moment = timezone.now() - dt.timedelta(days=3)
    LifeWheel.objects.filter(user=user, note__in=["1", "2", "3"]).update(created_at=same_moment)  # ties: id decides
    for _ in range(3):
        client_for(user)
    client_for(other)
    Session.objects.filter(user=user).update(last_used_at=same_moment)
    earlier = same_moment - dt.timedelta(hours=1)
    for xp, reached_at, extra in [
        (30, same_moment, {}), (30, same_moment, {}), (30, earlier, {}), (50, same_moment, {}), (0, same_moment, {}),
        (90, earlier, {"is_active": False}), (90, earlier, {"leaderboard_visible": False}),
    ]:  # ties go to who reached the total first, then the user id; inactive and hidden users never show
        total = XPTotal.objects.create(user=UserFactory(first_name="Ada", **extra), xp=xp)
        XPTotal.objects.filter(pk=total.pk).update(xp_reached_at=reached_at)
    for owner in (user, other):  # AI jobs: two text units and one image unit in flight, the rest not
        for status, resource, deadline in [
            ("queued", "text", 60), ("running", "text", 60), ("running", "image", 60),
            ("running", "text", -1), ("succeeded", "text", 60), ("failed", "image", 60),
        ]:
            AIJob.objects.create(
                user=owner, kind="wants.analyze", params={}, resource=resource, status=status,
                deadline_at=timezone.now() + dt.timedelta(seconds=deadline),
            )
    achievements_seed()
    UserAchievement.objects.create(user=user, achievement=Achievement.objects.first(), obtained_at=timezone.now())
    for owner in (user, other):
        for horizon in ("1y", "3y", "1y"):
            goal = GoalFactory(user=owner, horizon=horizon)
            for level in ("year", "month", "month"):
                StepFactory(goal=goal, level=level)

    cases = _compiled_list_cases(user, goal_id=user.goals.first().pk)
    assert set(cases) == set(declared()), "a compiled list without a case here"
    for name, arguments_list in cases.items():
        compiled = declared()[name]
        for arguments in arguments_list * 2:  # the second round runs the SQL compiled in the first
            expected = list(compiled.queryset(**arguments))
            assert expected, (name, arguments)
            assert compiled.rows(**arguments) == expected, (name, arguments)
            if name not in _PAGED:
                continue
            for offset, limit in [(0, 20), (20, 20), (5, 3)]:
                rows, total = compiled.page(offset, limit, **arguments)
                assert rows == expected[offset : offset + limit], (name, arguments, offset)
                assert total == (len(expected) if rows else None)
            assert compiled.page(len(expected) + 5, 20, **arguments) == ([], None)
    other_rows = declared()["life_wheel.list"].rows(owner_id=other.pk)
    assert len(other_rows) == 2  # the same compiled SQL, another owner: only their rows


@postgres_only()
def test_a_compiled_list_decodes_json_as_django_does():
    """apps/core/sqlread.py decodes a plain JSONField with orjson; whatever orjson refuses (an
    integer past 64 bits) falls back to Python's parser, so the rows stay the queryset's."""
    from apps.core.sqlread import declared

    user = UserFactory()
    scores = [{"health": 2**70}, {"здоровье": "сон 😴", "nested": [1.5, None, True, {"a": -0.0}]}, {}]
    for i, value in enumerate(scores):
        LifeWheel.objects.create(user=user, scores=value, note=str(i))
    compiled = declared()["life_wheel.list"]
    rows = compiled.rows(owner_id=user.pk)
    assert rows == list(compiled.queryset(owner_id=user.pk))
    assert sorted((row["scores"] for row in rows), key=str) == sorted(scores, key=str)


@postgres_only()
def test_postgresql_writes_timestamps_exactly_as_iso_utc():
    """sqlread.UTCText: the text PostgreSQL writes is `iso_utc` of the value, whole seconds
    (no fraction), every microsecond digit, a zoned value, far past and future."""
    from apps.core.sqlread import UTCText
    from apps.core.timestamps import iso_utc

    user = UserFactory()
    moments = [
        dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 1, 12, 0, 0, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 1, 12, 0, 0, 120000, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 2, 2, 30, 5, 500, tzinfo=ZoneInfo("Asia/Yekaterinburg")),
        dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
    ]
    for i, moment in enumerate(moments):
        wheel = LifeWheel.objects.create(user=user, scores={}, note=str(i))
        LifeWheel.objects.filter(pk=wheel.pk).update(created_at=moment)
    written = dict(LifeWheel.objects.filter(user=user).values_list("note", UTCText("created_at")))
    assert [written[str(i)] for i in range(len(moments))] == [iso_utc(moment) for moment in moments]
    with connection.cursor() as cursor:  # what to_char writes in: Django sets it on each connection
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone()[0] == "UTC"

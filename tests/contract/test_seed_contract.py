"""The seed's contract (`seed-api.ru.md`, spec API.md): every one of its 65 endpoints, called
the way the mobile app and the Telegram bot call them, answers `result` in the seed's shape.

One table, one walk in the order of the seed's end-to-end flow (each call may use what an
earlier one returned), against the in-process API with realistic data (the offline AI backend).
For each endpoint the table says the shape of `result` — a bare array, an object, `{items}` or
`{success}` — the seed's field names that must be there (in the object, or in each element /
item; lists are never empty here, so their elements are checked), and whether the seed fills
`meta.pagination` (only the two paginated histories). Every mismatch is collected and reported
at once. Wrapping `/goals` or `/steps` in `{items}` again, or answering `daily_ai_tip` as an
object, fails here.
"""

import json
import re
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.accounts.services import user_plan_set
from apps.gamification.services import xp_award

pytestmark = pytest.mark.django_db

PASSWORD = "Dream-Big-2030"
NEW_PASSWORD = "Sunrise-Over-Volga-77"
EMAIL = "seed-client@example.com"
BOT_SECRET = "contract-bot-secret"

ARRAY, OBJECT, ITEMS, SUCCESS = "array", "object", "{items}", "{success}"

USER = {"id", "email", "first_name", "last_name", "time_zone", "date_of_birth", "gender", "life_format", "locale",
        "telegram_id", "username", "photo_url", "is_email_verified", "is_admin", "created_at"}
TOKENS = {"access_token", "refresh_token", "token_type"}
SESSION = {"id", "user_agent", "ip", "created_at", "last_used_at", "expires_at", "is_current"}
AREA = {"id", "title", "description", "icon", "color", "order_index", "is_active", "created_at", "updated_at"}
LIFE_WHEEL = {"id", "scores", "note", "created_at"}
WANTS_RAW = {"id", "status", "raw_wants_stream", "stream_started_at", "stream_completed_at", "raw_future_me",
             "future_me_started_at", "future_me_completed_at", "raw_envy", "raw_regrets", "raw_what_to_do_5y",
             "reverse_completed_at", "completed_at", "created_at", "updated_at"}
STREAM = {"raw_id", "stream_started_at", "stream_completed_at", "stream_timer_seconds"}
FUTURE_ME = {"raw_id", "raw_future_me", "future_me_started_at", "future_me_completed_at"}
ANALYSIS = {"id", "raw_id", "summary", "top_wants", "by_area", "hidden_motives", "recommended_focus_areas", "created_at"}
STORY = {"id", "horizons", "images", "created_at", "updated_at"}
ASSET = {"id", "story_id", "image_key", "prompt", "url", "width", "height", "created_at", "updated_at"}
GOAL = {"id", "area_id", "title", "description", "horizon", "status", "priority", "size", "target_date", "metric",
        "source", "completed_at", "created_at", "updated_at"}
STEP = {"id", "goal_id", "parent_id", "level", "title", "description", "status", "planned_date", "order_index",
        "completed_at", "created_at", "updated_at"}
EVENT = {"gamification_event"}
ENTRY = {"id", "type", "answers", "mood_score", "energy_score"}
REVIEW = {"id", "week_start", "user_reflection", "stats", "ai_analysis", "status"}


@dataclass
class Call:
    method: str
    seed_path: str  # as the seed writes it
    path: object  # str, or a function of the walk's state
    shape: str
    fields: set = field(default_factory=set)
    body: object = None  # dict, or a function of the state
    client: str = "user"  # "user", "anonymous", "admin", "bot"
    paginated: bool = False  # the seed fills meta.pagination
    keep: object = None  # function(state, result): remember what later calls need


def _wants_raw_id(state, result):
    state["raw_id"] = result["id"]


def _story(state, result):
    state["story_id"] = result["id"]
    state["image_key"] = result["images"][0]["image_key"]


def _goals(state, result):
    state["goal_ids"] = [goal["id"] for goal in result["items"]]


def _steps(state, result):
    state["step_ids"] = [step["id"] for step in result]


def _signed_up(state, result):
    state["verification_token"] = result["verification_token"]
    state["code"] = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _signed_in(state, result):
    state["access"] = result["tokens"]["access_token"]
    state["refresh"] = result["tokens"]["refresh_token"]


def _other_session(state, result):
    state["other_session"] = next(s["id"] for s in result["sessions"] if not s["is_current"])


def _reset_mailed(state, result):
    state["reset_token"] = re.search(r": ([A-Za-z0-9_-]{40,})", mail.outbox[-1].body).group(1)


def _steps_batch(state):
    goal = state["goal_ids"][0]
    return {"steps": [
        {"ref": "y", "goal_id": goal, "level": "year", "title": "Run a marathon this year"},
        {"ref": "q", "parent_ref": "y", "goal_id": goal, "level": "quarter", "title": "Build the base"},
        {"parent_ref": "q", "goal_id": goal, "level": "month", "title": "Run 100 km"},
        {"goal_id": goal, "level": "quarter", "title": "Find a coach"},
    ]}


SEED = [
    # 6.1 auth
    Call("POST", "/auth/signup", "/api/v1/auth/signup", OBJECT, {"verification_token", "user"},
         body={"email": EMAIL, "password": PASSWORD, "first_name": "Anna", "time_zone": "Europe/Moscow",
               "date_of_birth": "1990-05-17", "locale": "ru"}, client="anonymous", keep=_signed_up),
    Call("POST", "/auth/check-email-verification-code", "/api/v1/auth/check-email-verification-code", OBJECT,
         {"user", "tokens"}, body=lambda s: {"verification_token": s["verification_token"], "code": s["code"]},
         client="anonymous", keep=_signed_in),
    Call("POST", "/auth/send-email-verification", "/api/v1/auth/send-email-verification", OBJECT,
         {"verification_token"}, body={"email": "someone-else@example.com"}, client="anonymous"),
    Call("POST", "/auth/signin", "/api/v1/auth/signin", OBJECT, {"user", "tokens"},
         body={"email": EMAIL, "password": PASSWORD}, client="anonymous", keep=_signed_in),
    Call("POST", "/auth/telegram", "/api/v1/auth/telegram", OBJECT, TOKENS | {"user"},
         body={"telegram_id": 424242, "username": "anna_bot_user", "first_name": "Anna"}, client="bot"),
    Call("POST", "/auth/refresh", "/api/v1/auth/refresh", OBJECT, TOKENS | {"expires_in"},
         body=lambda s: {"refresh_token": s["refresh"]}, client="anonymous", keep=lambda s, r: s.update(
             access=r["access_token"], refresh=r["refresh_token"])),
    Call("GET", "/auth/sessions", "/api/v1/auth/sessions", OBJECT, {"sessions"}, keep=_other_session),
    Call("DELETE", "/auth/sessions/{session_id}", lambda s: f"/api/v1/auth/sessions/{s['other_session']}", SUCCESS),
    # 6.2 me
    Call("GET", "/me", "/api/v1/me", OBJECT, {"user", "plan", "usage"}),
    Call("PUT", "/me", "/api/v1/me", OBJECT, {"user", "plan", "usage"}, body={"last_name": "Petrova"}),
    # 6.3 areas
    Call("GET", "/areas", "/api/v1/areas", ITEMS, AREA),
    Call("GET", "/areas/{area_id}", "/api/v1/areas/health", OBJECT, AREA, client="anonymous"),
    Call("POST", "/areas", "/api/v1/areas", OBJECT, AREA, client="admin",
         body={"id": "spirituality", "title": "Духовность", "description": "Смысл", "icon": "star",
               "color": "#AABBCC", "order_index": 90}),
    Call("PUT", "/areas/{area_id}", "/api/v1/areas/spirituality", OBJECT, AREA, client="admin",
         body={"title": "Смысл и ценности"}),
    Call("DELETE", "/areas/{area_id}", "/api/v1/areas/spirituality", OBJECT, AREA, client="admin"),
    # 6.4 life wheel
    Call("POST", "/life_wheel", "/api/v1/life_wheel", OBJECT, LIFE_WHEEL,
         body={"scores": {"health": 6, "career": 7, "finance": 4, "relationships": 8}, "note": "Январь"}),
    Call("GET", "/life_wheel/latest", "/api/v1/life_wheel/latest", OBJECT, LIFE_WHEEL),
    Call("GET", "/life_wheel?page=1&page_size=20", "/api/v1/life_wheel?page=1&page_size=20", ITEMS, LIFE_WHEEL,
         paginated=True),
    # 6.5 wants
    Call("POST", "/wants/raw", "/api/v1/wants/raw", OBJECT, WANTS_RAW, keep=_wants_raw_id),
    Call("GET", "/wants/raw", "/api/v1/wants/raw", OBJECT, WANTS_RAW),
    Call("POST", "/wants/stream/start", "/api/v1/wants/stream/start", OBJECT, STREAM),
    Call("POST", "/wants/stream/append", "/api/v1/wants/stream/append", OBJECT,
         {"raw_id", "is_completed", "raw_wants_stream_preview"}, body={"text": "Хочу пробежать марафон"}),
    Call("POST", "/wants/stream/finish", "/api/v1/wants/stream/finish", OBJECT, STREAM),
    Call("PUT", "/wants/future-me", "/api/v1/wants/future-me", OBJECT, FUTURE_ME,
         body={"text": "Мне сорок, я живу у моря."}),
    Call("POST", "/wants/future-me/append", "/api/v1/wants/future-me/append", OBJECT, FUTURE_ME,
         body={"text": "Каждое утро я бегаю."}),
    Call("POST", "/wants/future-me/finish", "/api/v1/wants/future-me/finish", OBJECT, FUTURE_ME),
    Call("PUT", "/wants/reverse", "/api/v1/wants/reverse", OBJECT,
         {"raw_envy", "raw_regrets", "raw_what_to_do_5y", "reverse_completed_at"},
         body={"raw_envy": "Друзьям-путешественникам", "raw_regrets": "Что бросила музыку",
               "raw_what_to_do_5y": "Открыть студию"}),
    Call("GET", "/wants/progress", "/api/v1/wants/progress", OBJECT, {"ready_to_complete"}),
    Call("POST", "/wants/complete", "/api/v1/wants/complete", OBJECT, WANTS_RAW),
    Call("POST", "/wants/analyze", "/api/v1/wants/analyze", OBJECT, ANALYSIS),
    Call("GET", "/wants/analysis", "/api/v1/wants/analysis", OBJECT, ANALYSIS),
    Call("GET", "/wants/history?page=1&page_size=20", "/api/v1/wants/history?page=1&page_size=20", ITEMS, WANTS_RAW,
         paginated=True),
    Call("GET", "/wants/raw/{raw_id}", lambda s: f"/api/v1/wants/raw/{s['raw_id']}", OBJECT, WANTS_RAW),
    # 6.6 future story
    Call("GET", "/future-story/questions", "/api/v1/future-story/questions", ARRAY, {"area_id", "question"}),
    Call("POST", "/future-story/draft", "/api/v1/future-story/draft", OBJECT, {"id", "answers", "updated_at"},
         body={"area_id": "health", "question": "Какое у вас здоровье?", "answer": "Бегаю марафоны."}),
    Call("POST", "/future-story/generate", "/api/v1/future-story/generate", OBJECT, STORY, keep=_story),
    Call("GET", "/future-story", "/api/v1/future-story", OBJECT, STORY),
    Call("PUT", "/future-story", "/api/v1/future-story", OBJECT, STORY,
         body={"horizon": "3y", "full_text": "Через три года я здорова.",
               "by_area": [{"area_id": "health", "title": "Здоровье", "paragraph": "Бегаю."}]}),
    # 6.10 visuals
    Call("POST", "/visuals/generate-story-image", "/api/v1/visuals/generate-story-image", OBJECT, ASSET | EVENT,
         body=lambda s: {"story_id": s["story_id"], "image_key": s["image_key"]},
         keep=lambda s, r: s.update(asset_id=r["id"])),
    Call("GET", "/visuals/story-gallery/{story_id}", lambda s: f"/api/v1/visuals/story-gallery/{s['story_id']}",
         ARRAY, ASSET),
    Call("POST", "/visuals/regenerate", "/api/v1/visuals/regenerate", OBJECT, ASSET,
         body=lambda s: {"asset_id": s["asset_id"]}),
    # 6.7 goals
    Call("POST", "/goals/generate", "/api/v1/goals/generate", OBJECT, {"goals"}),
    Call("POST", "/goals/batch", "/api/v1/goals/batch", OBJECT, {"items", "gamification_event"},
         body={"goals": [
             {"title": "Пробежать марафон", "area_id": "health", "horizon": "1y"},
             {"title": "Накопить подушку", "area_id": "finance", "horizon": "quarter", "size": "big"},
             {"title": "Прочитать 12 книг", "area_id": "personal_growth", "horizon": "1y"},
         ]}, keep=_goals),
    Call("GET", "/goals?horizon=...&status=...", "/api/v1/goals?horizon=1y&status=planned", ARRAY, GOAL),
    Call("PUT", "/goals/{goal_id}", lambda s: f"/api/v1/goals/{s['goal_ids'][1]}", OBJECT, GOAL | EVENT,
         body={"status": "done"}),
    Call("DELETE", "/goals/{goal_id}", lambda s: f"/api/v1/goals/{s['goal_ids'][2]}", SUCCESS),
    # 6.8 steps
    Call("POST", "/steps/generate", "/api/v1/steps/generate", OBJECT, {"steps"},
         body=lambda s: {"goal_ids": s["goal_ids"][:1]}),
    Call("POST", "/steps/batch", "/api/v1/steps/batch", ARRAY, STEP, body=_steps_batch, keep=_steps),
    Call("GET", "/steps?goal_id=...&level=...&status=...",
         lambda s: f"/api/v1/steps?goal_id={s['goal_ids'][0]}&level=quarter&status=planned", ARRAY, STEP),
    Call("PUT", "/steps/{step_id}", lambda s: f"/api/v1/steps/{s['step_ids'][2]}", OBJECT, STEP | EVENT,
         body={"status": "done"}),
    Call("DELETE", "/steps/{step_id}", lambda s: f"/api/v1/steps/{s['step_ids'][2]}", SUCCESS),
    # 6.9 rituals
    Call("GET", "/rituals/today", "/api/v1/rituals/today", OBJECT, {"date", "morning", "evening", "interception"}),
    Call("POST", "/rituals/entry", "/api/v1/rituals/entry", OBJECT, ENTRY | EVENT,
         body={"type": "morning", "answers": {"gratitude": "Солнцу"}, "mood_score": 7, "energy_score": 6}),
    Call("POST", "/rituals/weekly/analyze", "/api/v1/rituals/weekly/analyze", OBJECT, REVIEW | EVENT,
         body={"user_reflection": "Хорошая неделя: три пробежки."}),
    Call("GET", "/rituals/weekly/plan-suggestion", "/api/v1/rituals/weekly/plan-suggestion", ARRAY, STEP),
    Call("POST", "/rituals/weekly/commit", "/api/v1/rituals/weekly/commit", ARRAY, STEP,
         body=lambda s: {"next_week_step_ids": [s["step_ids"][3]]}),
    # 6.11 gamification
    Call("GET", "/gamification/profile", "/api/v1/gamification/profile", OBJECT,
         {"xp", "level", "streak_current", "streak_best"}),
    Call("GET", "/gamification/achievements", "/api/v1/gamification/achievements", ARRAY,
         {"code", "title", "description", "icon", "xp_reward", "is_obtained", "obtained_at"}),
    Call("GET", "/gamification/leaderboard?limit=20", "/api/v1/gamification/leaderboard?limit=20", ARRAY,
         {"rank", "display_name", "level", "xp", "is_me"}),
    # 6.12 esoterics
    Call("GET", "/esoterics/today?date=YYYY-MM-DD", "/api/v1/esoterics/today?date=2026-03-01", OBJECT,
         {"date", "moon", "numerology", "daily_ai_tip"}),
    # the rest of 6.1 and 6.2: they end sessions, so they come last
    Call("PUT", "/me/password", "/api/v1/me/password", SUCCESS,
         body={"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
    Call("POST", "/auth/signin", "/api/v1/auth/signin", OBJECT, {"user", "tokens"},
         body={"email": EMAIL, "password": NEW_PASSWORD}, client="anonymous", keep=_signed_in),
    Call("POST", "/auth/logout", "/api/v1/auth/logout", SUCCESS),
    Call("POST", "/auth/signin", "/api/v1/auth/signin", OBJECT, {"user", "tokens"},
         body={"email": EMAIL, "password": NEW_PASSWORD}, client="anonymous", keep=_signed_in),
    Call("POST", "/auth/logout-all", "/api/v1/auth/logout-all", SUCCESS),
    Call("POST", "/auth/request-password-reset", "/api/v1/auth/request-password-reset", SUCCESS,
         body={"email": EMAIL}, client="anonymous", keep=_reset_mailed),
    Call("POST", "/auth/reset-password", "/api/v1/auth/reset-password", SUCCESS,
         body=lambda s: {"token": s["reset_token"], "new_password": PASSWORD}, client="anonymous"),
]

# Each value is a fixed shape, whatever the data: checked on top of the table's field names.
EXACT = {
    ("GET", "/esoterics/today?date=YYYY-MM-DD"): lambda r: isinstance(r["daily_ai_tip"], str)
    and r["numerology"] is not None and r["date"] == "2026-03-01",
    ("GET", "/auth/sessions"): lambda r: all(set(s) >= SESSION for s in r["sessions"]),
    ("POST", "/goals/batch"): lambda r: all(set(g) >= GOAL for g in r["items"]),
    ("GET", "/me"): lambda r: set(r["user"]) >= USER and set(r["usage"]) >= {"text", "image"},
    ("POST", "/auth/signup"): lambda r: set(r["user"]) >= USER,
}


class CommitClient(APIClient):
    """Runs each request's on-commit callbacks (mails, cache drops) as a real commit would."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def check(call: Call, body: dict) -> list[str]:
    """What differs from the seed in one answer (empty when it conforms)."""
    problems = []
    result, pagination = body.get("result"), body.get("meta", {}).get("pagination")
    if (pagination is not None) != call.paginated:
        problems.append(f"meta.pagination is {pagination!r}; the seed {'fills it' if call.paginated else 'leaves it null'}")
    if call.shape == ARRAY:
        if not isinstance(result, list) or not result:
            return [*problems, f"result is {type(result).__name__}, the seed answers a non-empty array here"]
        elements = result
    elif call.shape == ITEMS:
        if not isinstance(result, dict) or set(result) != {"items"} or not result["items"]:
            return [*problems, f"result is not {{items: [...]}}: {str(result)[:80]}"]
        elements = result["items"]
    elif call.shape == SUCCESS:
        return problems if result == {"success": True} else [*problems, f"result is {result!r}, not {{success: true}}"]
    else:
        if not isinstance(result, dict):
            return [*problems, f"result is {type(result).__name__}, the seed answers an object"]
        elements = [result]
    for element in elements:
        missing = call.fields - set(element)
        if missing:
            problems.append(f"missing the seed's fields {sorted(missing)}")
            break
    exact = EXACT.get((call.method, call.seed_path))
    if exact is not None and not problems and not exact(result):
        problems.append("a value differs from the seed's shape")
    return problems


def test_the_table_lists_the_65_endpoints_of_the_seed():
    """`seed-api.ru.md` documents 65 endpoints (its `### METHOD /api/v1/...` headings); each is
    called at least once (signin three times: it is also how a client gets back in)."""
    endpoints = {(call.method, call.seed_path) for call in SEED}
    assert len(endpoints) == 65
    assert {call.method for call in SEED} == {"GET", "POST", "PUT", "DELETE"}


def the_world(settings) -> dict:
    """Achievements, other people on the leaderboard, an admin, the bot's secret; the clients."""
    settings.BOT_SECRET_KEY = BOT_SECRET
    call_command("seed_achievements", stdout=None)
    for i in range(3):
        other = User.objects.create_user(email=f"player{i}@example.com", password=PASSWORD, is_email_verified=True)
        xp_award(user=other, reason="life_wheel", object_id=f"seed-{i}")
    admin = User.objects.create_user(
        email="admin@example.com", password=PASSWORD, is_staff=True, is_superuser=True, is_email_verified=True
    )
    clients = {"anonymous": CommitClient(), "admin": CommitClient(), "bot": CommitClient(), "user": CommitClient()}
    clients["admin"].force_authenticate(admin)
    clients["bot"].credentials(HTTP_X_BOT_SECRET=BOT_SECRET)
    return clients


def test_every_seed_endpoint_answers_in_the_seeds_shape(settings):
    clients = the_world(settings)
    state: dict = {}
    failures = []
    for call in SEED:
        if call.client == "user":
            clients["user"].credentials(HTTP_AUTHORIZATION=f"Bearer {state['access']}")
        if call.method == "GET" and call.seed_path == "/me":
            # Pictures and five AI texts: the pro plan (the seed's quotas are per plan).
            user_plan_set(user=User.objects.get(email=EMAIL), plan=User.Plan.PRO)
        path = call.path(state) if callable(call.path) else call.path
        data = call.body(state) if callable(call.body) else call.body
        if data is None:  # as the clients send a call without a body: no body, no Content-Type
            response = clients[call.client].generic(call.method, path)
        else:
            response = clients[call.client].generic(call.method, path, json.dumps(data), "application/json")
        label = f"{call.method} {call.seed_path}"
        if not 200 <= response.status_code < 300:
            failures.append(f"{label}: HTTP {response.status_code} {response.content[:200]!r}")
            continue
        body = response.json()
        failures += [f"{label}: {problem}" for problem in check(call, body)]
        if call.keep is not None:
            call.keep(state, body["result"])
    assert not failures, "\n".join(failures)

"""Extra hot reads for `make bench`, one row each: (label, path).

The built-in hot reads are in bench/run.py. Add each list of a module merged later here
(goals, steps, rituals today, ...). A path that answers 404 on this branch (its app is not
merged yet) is skipped with a note, so rows can be added before their code lands. The bench
user is seeded with 20+ rows in every list bench/seed.py knows; extend `seed.py` with the
rows of a new module (its `SEEDERS` table) so its list is not measured empty.
"""

from datetime import date, timedelta

# The bench user's first goal (bench/seed.py): its plan is the `/steps?goal_id=` row.
BENCH_GOAL_ID = "00000000-0000-4000-8000-0000000b0a15"

EXTRA_PATHS: list[tuple[str, str]] = [
    # Goals and steps answer every matching row (spec 6.6/6.7): 20 rows filtered, 200 whole.
    ("GET /goals?status=planned (20 rows)", "/api/v1/goals?status=planned"),
    ("GET /steps?goal_id= (20 rows)", f"/api/v1/steps?goal_id={BENCH_GOAL_ID}"),
    ("GET /goals (whole list, 200 rows)", "/api/v1/goals"),
    ("GET /steps (whole list, 200 rows)", "/api/v1/steps"),
    ("GET /rituals/today", "/api/v1/rituals/today"),
]

# Issue 19: every list read as a client written from the spec calls it — filters and the
# paging spelled out, 20 rows (bench/seed.py seeds 25 of each) — so no first-page cache
# answers them; `make bench` also runs them with ANSWER_CACHES=false (bench/run.py).
_TODAY = date.today()
_FROM, _TO = (_TODAY - timedelta(days=60)).isoformat(), (_TODAY + timedelta(days=1)).isoformat()
LIST_PATHS: list[tuple[str, str]] = [
    ("GET /life_wheel?page=1&page_size=20", "/api/v1/life_wheel?page=1&page_size=20"),
    ("GET /wants/history?page=1&page_size=20", "/api/v1/wants/history?page=1&page_size=20"),
    ("GET /rituals/entries?from&to&page=1&size=20", f"/api/v1/rituals/entries?from={_FROM}&to={_TO}&page=1&page_size=20"),
    ("GET /gamification/leaderboard?limit=20", "/api/v1/gamification/leaderboard?limit=20"),
    ("GET /gamification/achievements", "/api/v1/gamification/achievements"),
    ("GET /auth/sessions (25 live)", "/api/v1/auth/sessions"),
    ("GET /areas?include_inactive=false", "/api/v1/areas?include_inactive=false"),
]
EXTRA_PATHS += LIST_PATHS

# Reads that are no lists: with the answer caches off they are shown without a target (their
# targets hold with the caches on). Paths without the query string.
NOT_LISTS: set[str] = {
    "/api/v1/me",
    "/api/v1/wants/progress",
    "/api/v1/gamification/profile",
    "/api/v1/esoterics/today",
    "/api/v1/rituals/today",
}
# Whole unpaged lists (200 rows): no ratio target; their p50 on one connection stays under
# WHOLE_LIST_P50_MS (issue 19).
WHOLE_LISTS: set[str] = {"/api/v1/goals", "/api/v1/steps"}
WHOLE_LIST_P50_MS = 10.0

# The spec's own caches (API.md 6.1: `areas:list:{0|1}`, 120 s): not answer caches, never off,
# so their rows are not run again with the answer caches off.
SPEC_CACHED: set[str] = {"/api/v1/areas"}

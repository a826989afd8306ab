"""Extra hot reads for `make bench`, one row each: (label, path).

The built-in hot reads are in bench/run.py. Add each list of a module merged later here
(goals, steps, rituals today, ...). A path that answers 404 on this branch (its app is not
merged yet) is skipped with a note, so rows can be added before their code lands. The bench
user is seeded with 20+ rows in every list bench/seed.py knows; extend `seed.py` with the
rows of a new module (its `SEEDERS` table) so its list is not measured empty.
"""

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

"""Extra hot reads for `make bench`, one row each: (label, path).

The built-in hot reads are in bench/run.py. Add each list of a module merged later here
(goals, steps, rituals today, ...). A path that answers 404 on this branch (its app is not
merged yet) is skipped with a note, so rows can be added before their code lands. The bench
user is seeded with 20+ rows in every list bench/seed.py knows; extend `seed.py` with the
rows of a new module (its `SEEDERS` table) so its list is not measured empty.
"""

EXTRA_PATHS: list[tuple[str, str]] = [
    ("GET /goals", "/api/v1/goals"),
    ("GET /steps", "/api/v1/steps"),
    ("GET /rituals/today", "/api/v1/rituals/today"),
]

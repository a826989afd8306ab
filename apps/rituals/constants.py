"""Limits and rules of the rituals module (documented in the API schema)."""

# A finished week may be reviewed up to this many local days after its Sunday; on the next
# day `GET /rituals/today` archives it and answers `fresh_start` once.
REVIEW_GRACE_DAYS = 3

# `answers` of a journal entry: a flat JSON object.
ANSWERS_MAX_KEYS = 30
ANSWERS_KEY_MAX_CHARS = 64
ANSWERS_TEXT_MAX_CHARS = 4000
ANSWERS_LIST_MAX_ITEMS = 30
ANSWERS_MAX_BYTES = 16 * 1024  # the whole object as compact UTF-8 JSON

USER_REFLECTION_MAX_CHARS = 5000

# Steps offered by GET /rituals/weekly/plan-suggestion (oldest goals' steps first) and
# accepted by one POST /rituals/weekly/commit.
PLAN_SUGGESTION_MAX_STEPS = 100
COMMIT_MAX_STEPS = 100

INTERCEPTION_TYPES = ["force_review", "fresh_start"]

"""Public dicts of the wants exercise (API bodies, AI job results, the export)."""

from apps.core.sqlread import UTCText, UUIDText, text_values
from apps.core.timestamps import iso_utc

# WantsRawPublic's fields. GET /wants/history reads them with `.values()` (selectors): the
# timestamps and the id as `RAW_TEXT_COLUMNS`, written as the API's text by PostgreSQL
# (apps/core/sqlread.py; 8 timestamps a row were a third of a page's Python calls).
RAW_TIMESTAMPS = (
    "stream_started_at",
    "stream_completed_at",
    "future_me_started_at",
    "future_me_completed_at",
    "reverse_completed_at",
    "completed_at",
    "created_at",
    "updated_at",
)
RAW_TEXTS = ("status", "raw_wants_stream", "raw_future_me", "raw_envy", "raw_regrets", "raw_what_to_do_5y")
RAW_TEXT_COLUMNS = {"id_text": UUIDText("id"), **{f"{name}_text": UTCText(name) for name in RAW_TIMESTAMPS}}


def raw_public(raw) -> dict:
    """WantsRawPublic from a model instance or a `.values()` dict of RAW_TEXTS and
    RAW_TEXT_COLUMNS: a plain dict written as WantsRawPublicSerializer would (a serializer per
    row was most of a page's cost, bench/PROFILE.md)."""
    row = raw if isinstance(raw, dict) else _raw_row(raw)
    return {
        "id": row["id_text"],
        "status": str(row["status"]),
        "raw_wants_stream": row["raw_wants_stream"],
        "stream_started_at": row["stream_started_at_text"],
        "stream_completed_at": row["stream_completed_at_text"],
        "raw_future_me": row["raw_future_me"],
        "future_me_started_at": row["future_me_started_at_text"],
        "future_me_completed_at": row["future_me_completed_at_text"],
        "raw_envy": row["raw_envy"],
        "raw_regrets": row["raw_regrets"],
        "raw_what_to_do_5y": row["raw_what_to_do_5y"],
        "reverse_completed_at": row["reverse_completed_at_text"],
        "completed_at": row["completed_at_text"],
        "created_at": row["created_at_text"],
        "updated_at": row["updated_at_text"],
    }


def _raw_row(raw) -> dict:
    """A record's values keyed as the history's rows."""
    return {
        **{name: getattr(raw, name) for name in RAW_TEXTS},
        **text_values(raw, RAW_TEXT_COLUMNS),
    }


def analysis_public(analysis) -> dict:
    """WantsAnalysisPublic, written as WantsAnalysisPublicSerializer would (tests compare the
    two): the serializer cost ~1,200 Python calls per AI job. The JSON lists hold the AI answer
    as validated, so each item is copied with the schema's keys only."""
    return {
        "id": str(analysis.id),
        "raw_id": str(analysis.raw_id),
        "summary": analysis.summary,
        "top_wants": [
            {"text": want["text"], "area_id": want["area_id"], "intensity": want["intensity"]}
            for want in analysis.top_wants
        ],
        "by_area": [{"area_id": item["area_id"], "insight": item["insight"]} for item in analysis.by_area],
        "hidden_motives": list(analysis.hidden_motives),
        "recommended_focus_areas": list(analysis.recommended_focus_areas),
        "model": analysis.model,
        "created_at": iso_utc(analysis.created_at),
    }

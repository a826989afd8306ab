"""Public dicts of the wants exercise (API bodies, AI job results, the export)."""

from apps.core.timestamps import iso_utc

from .api.serializers import WantsAnalysisPublicSerializer

# WantsRawPublic's fields: what GET /wants/history reads with `.values()` (selectors).
RAW_PUBLIC_FIELDS = (
    "id",
    "status",
    "raw_wants_stream",
    "stream_started_at",
    "stream_completed_at",
    "raw_future_me",
    "future_me_started_at",
    "future_me_completed_at",
    "raw_envy",
    "raw_regrets",
    "raw_what_to_do_5y",
    "reverse_completed_at",
    "completed_at",
    "created_at",
    "updated_at",
)


def raw_public(raw) -> dict:
    """WantsRawPublic from a model instance or a `.values()` dict of RAW_PUBLIC_FIELDS: a plain
    dict written as WantsRawPublicSerializer would (a serializer per row was most of a page's
    cost, bench/PROFILE.md)."""
    row = raw if isinstance(raw, dict) else {name: getattr(raw, name) for name in RAW_PUBLIC_FIELDS}
    return {
        "id": str(row["id"]),
        "status": str(row["status"]),
        "raw_wants_stream": row["raw_wants_stream"],
        "stream_started_at": iso_utc(row["stream_started_at"]),
        "stream_completed_at": iso_utc(row["stream_completed_at"]),
        "raw_future_me": row["raw_future_me"],
        "future_me_started_at": iso_utc(row["future_me_started_at"]),
        "future_me_completed_at": iso_utc(row["future_me_completed_at"]),
        "raw_envy": row["raw_envy"],
        "raw_regrets": row["raw_regrets"],
        "raw_what_to_do_5y": row["raw_what_to_do_5y"],
        "reverse_completed_at": iso_utc(row["reverse_completed_at"]),
        "completed_at": iso_utc(row["completed_at"]),
        "created_at": iso_utc(row["created_at"]),
        "updated_at": iso_utc(row["updated_at"]),
    }


def analysis_public(analysis) -> dict:
    return WantsAnalysisPublicSerializer(
        {
            "id": analysis.id,
            "raw_id": analysis.raw_id,
            "summary": analysis.summary,
            "top_wants": analysis.top_wants,
            "by_area": analysis.by_area,
            "hidden_motives": analysis.hidden_motives,
            "recommended_focus_areas": analysis.recommended_focus_areas,
            "model": analysis.model,
            "created_at": analysis.created_at,
        }
    ).data

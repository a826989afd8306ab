"""Public dicts of the wants exercise (API bodies, AI job results, the export)."""

from .api.serializers import WantsAnalysisPublicSerializer, WantsRawPublicSerializer


def raw_public(raw) -> dict:
    return WantsRawPublicSerializer(raw).data


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

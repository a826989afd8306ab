"""GDPR export of the wants exercise: every raw record and every analysis of one user."""

from .api.serializers import WantsAnalysisPublicSerializer, WantsRawPublicSerializer
from .models import WantsAnalysis, WantsRaw


def wants_export(user) -> dict:
    raws = WantsRaw.objects.filter(user=user).order_by("created_at", "id")
    analyses = WantsAnalysis.objects.filter(user=user).order_by("created_at", "id")
    return {
        "raws": [dict(WantsRawPublicSerializer(raw).data) for raw in raws],
        "analyses": [
            dict(
                WantsAnalysisPublicSerializer(
                    {
                        "id": a.id,
                        "raw_id": a.raw_id,
                        "summary": a.summary,
                        "top_wants": a.top_wants,
                        "by_area": a.by_area,
                        "hidden_motives": a.hidden_motives,
                        "recommended_focus_areas": a.recommended_focus_areas,
                        "model": a.model,
                        "created_at": a.created_at,
                    }
                ).data
            )
            for a in analyses
        ],
    }

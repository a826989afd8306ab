"""The wants analysis accepts the areas active now — also ones an admin added — and no others."""

import pytest

from apps.areas.models import Area
from apps.areas.services import area_create, area_update, ensure_default_areas
from apps.wants.ai import WantsAnalysisAIOutput, wants_analyze_context
from apps.wants.selectors import wants_completed_texts
from tests.wants.factories import CompletedWantsRawFactory

pytestmark = pytest.mark.django_db


def analysis(area_id: str) -> dict:
    return {
        "summary": "Summary",
        "top_wants": [{"text": "A garden", "area_id": area_id, "intensity": 7}],
        "by_area": [{"area_id": area_id, "insight": "Insight"}],
        "hidden_motives": [],
        "recommended_focus_areas": [area_id],
    }


@pytest.fixture
def admin_area():
    ensure_default_areas()
    return area_create(id="creativity", title_ru="Творчество", title_en="Creativity")


def test_ai_output_naming_an_area_an_admin_added_is_accepted(admin_area):
    output = WantsAnalysisAIOutput(data=analysis("creativity"))
    assert output.is_valid(), output.errors


def test_ai_output_naming_a_deactivated_area_is_refused(admin_area):
    area_update(area=Area.objects.get(id="creativity"), is_active=False)
    output = WantsAnalysisAIOutput(data=analysis("creativity"))
    assert not output.is_valid()
    assert set(output.errors) == {"top_wants", "by_area", "recommended_focus_areas"}


def test_ai_output_naming_an_unknown_area_is_refused(admin_area):
    assert not WantsAnalysisAIOutput(data=analysis("astrology")).is_valid()


def test_the_ai_is_told_the_active_area_ids(admin_area):
    raw = CompletedWantsRawFactory()
    assert "creativity" in wants_analyze_context(texts=wants_completed_texts(user=raw.user, raw_id=raw.pk), locale="en")["area_ids"]

"""Each AI module names its kind on its spec; the admin and the overview read it there."""

from django.utils import translation

from apps.ai.jobs import ai_job_kinds, ai_job_label

EXPECTED_KINDS = {
    "wants.analyze",
    "future_story.generate",
    "visuals.generate_story_image",
    "visuals.regenerate",
    "goals.generate",
    "steps.generate",
    "rituals.weekly_review",
}


def test_every_registered_kind_has_its_own_label():
    assert set(ai_job_kinds()) == EXPECTED_KINDS
    labels = {kind: str(ai_job_label(kind)) for kind in ai_job_kinds()}
    assert all(label and label != kind for kind, label in labels.items()), labels
    assert len(set(labels.values())) == len(labels)


def test_labels_follow_the_language():
    with translation.override("ru"):
        assert str(ai_job_label("goals.generate")) == "подбор целей"
        assert str(ai_job_label("visuals.regenerate")) == "картинка перерисована"
    with translation.override("en"):
        assert str(ai_job_label("goals.generate")) == "goal suggestions"


def test_an_unknown_kind_shows_as_stored():
    assert ai_job_label("retired.kind") == "retired.kind"

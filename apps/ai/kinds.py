from django.utils.translation import gettext_lazy as _

# Human names of the AI jobs' kinds (apps/<app>/jobs.py), for the admin and the overview.
# An unknown kind shows as it is stored.
KIND_LABELS = {
    "wants.analyze": _("wants analysis"),
    "future_story.generate": _("future story"),
    "visuals.generate_story_image": _("story picture"),
    "visuals.regenerate": _("picture regenerated"),
    "goals.generate": _("goal suggestions"),
    "steps.generate": _("steps plan"),
    "rituals.weekly_review": _("weekly review"),
}


def kind_label(kind: str):
    return KIND_LABELS.get(kind, kind)

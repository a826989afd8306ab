from django.contrib import admin
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from apps.ai.jobs import ai_job_label
from apps.core.usercache import AnswerCache

from . import charts, selectors

# Statistics up to a minute old by design: never renewed, they expire (v2: with reminders).
OVERVIEW_CACHE = AnswerCache("backoffice:overview:v2", 60)


def overview_data() -> dict:
    """The overview's numbers, computed at most once a minute (the charts are drawn per
    request, in the viewer's language, from the cached numbers)."""
    return OVERVIEW_CACHE.get_or_build(build=selectors.overview_get)


def overview(request):
    data = overview_data()
    labels = [formats.date_format(day, "j M") for day in data["dates"]]
    sections = [
        _signups_section(data, labels),
        _active_users_section(data, labels),
        _ai_calls_section(data, labels),
        _quota_section(data, labels),
        _streaks_section(data),
        _reminders_section(data, labels),
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Overview"),
        "subtitle": _("Last %(days)d days") % {"days": len(data["dates"])},
        "sections": sections,
        "totals": data["totals"],
        "first_day": data["dates"][0],
        "last_day": data["dates"][-1],
    }
    return render(request, "backoffice/overview.html", context)


# --- The sections: one chart each, drawn in the viewer's language from the cached numbers ---


def _section(section_id: str, title, *, total: int, svg: str, series=None, total_label=None) -> dict:
    """A section of the page; `series` (name, values) pairs give the legend."""
    section = {"id": section_id, "title": title, "total": total}
    if total_label is not None:
        section["total_label"] = total_label
    section["svg"] = svg
    section["legend"] = charts.legend([name for name, _values in series]) if series else []
    return section


def _signups_section(data: dict, labels: list[str]) -> dict:
    title = _("Sign-ups per day")
    svg = charts.bar_chart(labels=labels, series=[(_("sign-ups"), data["signups"])], title=title, label_every=5)
    return _section("signups", title, total=sum(data["signups"]), svg=svg)


def _active_users_section(data: dict, labels: list[str]) -> dict:
    title = _("Daily active users")
    svg = charts.line_chart(labels=labels, values=data["active_users"], title=title, name=_("users"), label_every=5)
    return _section("active-users", title, total=max(data["active_users"], default=0), total_label=_("peak"), svg=svg)


def _ai_calls_section(data: dict, labels: list[str]) -> dict:
    title = _("AI calls per day by kind")
    calls = [(str(ai_job_label(kind)), data["ai_calls"][kind]) for kind in data["ai_kinds"]]
    series = [*calls, (_("failed"), data["ai_failed"])]
    svg = charts.bar_chart(labels=labels, series=series, title=title, label_every=5)
    return _section("ai-calls", title, total=sum(sum(values) for _name, values in calls), svg=svg, series=series)


def _quota_section(data: dict, labels: list[str]) -> dict:
    title = _("Quota exhausted (users per day)")
    resource_names = {"text": _("text"), "image": _("image")}
    series = [(resource_names.get(r, r), values) for r, values in data["quota_exhausted"].items()]
    svg = charts.bar_chart(labels=labels, series=series, title=title, label_every=5)
    return _section("quota", title, total=sum(sum(values) for _name, values in series), svg=svg, series=series)


def _streaks_section(data: dict) -> dict:
    title = _("Live ritual streaks by length (days)")
    streak_labels = list(data["streaks"])
    series = [(_("users"), [data["streaks"][label] for label in streak_labels])]
    svg = charts.bar_chart(labels=streak_labels, series=series, title=title)
    return _section("streaks", title, total=sum(data["streaks"].values()), total_label=_("users with a streak"), svg=svg)


def _reminders_section(data: dict, labels: list[str]) -> dict:
    title = _("Reminders per day")
    status_names = {"sent": _("sent"), "skipped": _("skipped"), "failed": _("failed")}
    series = [(str(status_names[status]), values) for status, values in data["reminders"].items()]
    svg = charts.bar_chart(labels=labels, series=series, title=title, label_every=5)
    return _section("reminders", title, total=sum(data["reminders"]["sent"]), total_label=_("sent"), svg=svg, series=series)

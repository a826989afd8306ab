from django.contrib import admin
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from apps.ai.kinds import kind_label
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
    kind_names = {"text": _("text"), "image": _("image")}
    ai_series = [(str(kind_label(kind)), data["ai_calls"][kind]) for kind in data["ai_kinds"]]
    ai_series.append((_("failed"), data["ai_failed"]))
    quota_series = [(kind_names.get(r, r), values) for r, values in data["quota_exhausted"].items()]
    streak_labels = list(data["streaks"])
    status_names = {"sent": _("sent"), "skipped": _("skipped"), "failed": _("failed")}
    reminder_series = [(str(status_names[status]), values) for status, values in data["reminders"].items()]
    sections = [
        {
            "id": "signups",
            "title": _("Sign-ups per day"),
            "total": sum(data["signups"]),
            "svg": charts.bar_chart(labels=labels, series=[(_("sign-ups"), data["signups"])], title=_("Sign-ups per day"), label_every=5),
            "legend": [],
        },
        {
            "id": "active-users",
            "title": _("Daily active users"),
            "total": max(data["active_users"], default=0),
            "total_label": _("peak"),
            "svg": charts.line_chart(labels=labels, values=data["active_users"], title=_("Daily active users"), name=_("users"), label_every=5),
            "legend": [],
        },
        {
            "id": "ai-calls",
            "title": _("AI calls per day by kind"),
            "total": sum(sum(values) for _name, values in ai_series[:-1]),
            "svg": charts.bar_chart(labels=labels, series=ai_series, title=_("AI calls per day by kind"), label_every=5),
            "legend": charts.legend([name for name, _values in ai_series]),
        },
        {
            "id": "quota",
            "title": _("Quota exhausted (users per day)"),
            "total": sum(sum(values) for _name, values in quota_series),
            "svg": charts.bar_chart(labels=labels, series=quota_series, title=_("Quota exhausted (users per day)"), label_every=5),
            "legend": charts.legend([name for name, _values in quota_series]),
        },
        {
            "id": "streaks",
            "title": _("Live ritual streaks by length (days)"),
            "total": sum(data["streaks"].values()),
            "total_label": _("users with a streak"),
            "svg": charts.bar_chart(
                labels=streak_labels,
                series=[(_("users"), [data["streaks"][label] for label in streak_labels])],
                title=_("Live ritual streaks by length (days)"),
            ),
            "legend": [],
        },
        {
            "id": "reminders",
            "title": _("Reminders per day"),
            "total": sum(data["reminders"]["sent"]),
            "total_label": _("sent"),
            "svg": charts.bar_chart(labels=labels, series=reminder_series, title=_("Reminders per day"), label_every=5),
            "legend": charts.legend([name for name, _values in reminder_series]),
        },
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

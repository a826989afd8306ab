"""The reminder's words, in the user's language: personal (streak, today's step) and with a
link into the app built from APP_URL."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.gamification.selectors import streak_get
from apps.steps.selectors import step_list_planned_between

from .models import ReminderKind

APP_PATHS = {
    ReminderKind.MORNING: "/rituals/morning",
    ReminderKind.EVENING: "/rituals/evening",
    ReminderKind.WEEKLY_REVIEW: "/rituals/weekly",
}


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    link: str


def app_link(kind: str) -> str:
    return f"{settings.APP_URL.rstrip('/')}{APP_PATHS[kind]}"


def _opening(kind: str) -> tuple[str, str]:
    if kind == ReminderKind.MORNING:
        return _("Good morning!"), _("Time for your morning ritual: a few minutes to set up the day.")
    if kind == ReminderKind.EVENING:
        return _("Good evening!"), _("Time for your evening ritual: look back at the day.")
    return _("Your week"), _("The week is almost over: review it and plan the next one.")


def message_build(*, user, kind: str, local_date: date, last_before_pause: bool) -> Message:
    with translation.override(user.locale or "ru"):
        greeting, call = _opening(kind)
        lines = [greeting, call]
        streak = streak_get(user=user, today=local_date).current
        if streak:
            lines.append(
                ngettext("Your streak: %(days)d day in a row.", "Your streak: %(days)d days in a row.", streak)
                % {"days": streak}
            )
        if kind == ReminderKind.MORNING:
            step = step_list_planned_between(user=user, start=local_date, end=local_date).first()
            if step is not None:
                lines.append(_("Planned for today: %(title)s") % {"title": step.title})
        link = app_link(kind)
        lines.append(link)
        if last_before_pause:
            lines.append(
                _("This is the last reminder of this kind for now: we pause them until you write such an entry again.")
            )
        subject = {
            ReminderKind.MORNING: _("Morning ritual"),
            ReminderKind.EVENING: _("Evening ritual"),
            ReminderKind.WEEKLY_REVIEW: _("Weekly review"),
        }[kind]
        return Message(subject=f"MechtaAI: {subject}", text="\n\n".join(lines), link=link)

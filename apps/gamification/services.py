"""XP awards and achievements. The one entry point other apps use:

    event = xp_award(user=user, reason="goal_done_big", object_id=goal.id)

returns the `gamification_event` dict to put in a response:

    {xp_awarded, reason, total_xp, level, level_up, new_achievements: [AchievementPublic]}

or `None` when this (user, reason, object) has already paid — undoing and redoing an action
(a goal set to done, back, and done again) is not an event. `xp_awarded` is the action's own
XP; XP of achievements unlocked by it is in `new_achievements[].xp_reward` and already in
`total_xp`. Call it inside the transaction that saves the action, so a rollback pays nothing.

`achievements_check(user=)` re-evaluates achievements when something changed that is not an
XP award and returns the newly obtained ones. For rituals: save the JournalEntry, then call
`xp_award(reason="ritual_entry", object_id=entry.id)` in the same transaction — that already
re-evaluates streak achievements with the new entry counted; use `achievements_check` where
no XP is paid.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from .errors import AchievementXPNotAwardable
from .levels import level_for_xp
from .models import Achievement, Counter, UserAchievement, XPEvent, XPTotal
from .presenters import achievement_public
from .selectors import LEADERBOARD_CACHE, PROFILE_CACHE, streak_get

ACHIEVEMENT_REASON = "achievement"

# Counters read from the ledger: how many rewarded actions of these reasons the user has.
LEDGER_COUNTERS: dict[str, tuple[str, ...]] = {
    Counter.LIFE_WHEEL: ("life_wheel",),
    Counter.WANTS_COMPLETED: ("wants_completed",),
    Counter.GOALS_CREATED: ("goal_created",),
    Counter.GOALS_DONE: ("goal_done_small", "goal_done_big"),
    Counter.STEPS_DONE: ("step_done",),
    Counter.RITUAL_ENTRIES: ("ritual_entry",),
    Counter.IMAGES: ("image",),
    Counter.FUTURE_STORIES: ("future_story",),
    Counter.WEEKLY_REVIEWS: ("weekly_review",),
}


def xp_award(*, user, reason: str, object_id) -> dict | None:
    """Pay `settings.XP_REWARDS[reason]` once for (user, reason, object) and unlock the
    achievements this reaches, in one transaction. Returns the `gamification_event`, or
    `None` when this action has already paid (nothing changes then).

    Concurrency: the user's XPTotal row is locked first, so one user's awards run one after
    another (the ledger's unique constraint still guarantees "once" on its own); different
    users never wait for each other."""
    if reason == ACHIEVEMENT_REASON:
        raise AchievementXPNotAwardable("Achievement XP is paid by unlocking the achievement, not by xp_award().")
    xp = settings.XP_REWARDS[reason]
    with transaction.atomic():
        total = _total_locked(user)
        xp_before = total.xp
        if not _ledger_pay(user=user, total=total, reason=reason, object_id=object_id, xp=xp):
            return None
        new_achievements = _achievements_unlock(user=user, total=total)
    return _event(xp_awarded=xp, reason=reason, total=total, xp_before=xp_before, new_achievements=new_achievements)


def xp_award_many(*, user, reason: str, object_ids) -> dict | None:
    """`xp_award` for many objects of one reason (a batch of new goals) in a fixed number of
    queries: one `gamification_event` whose `xp_awarded` is the sum over the objects not paid
    before; `None` when all were paid already. The user's XPTotal lock serializes it with
    every other award of the user, so "once per object" holds without per-row savepoints."""
    if reason == ACHIEVEMENT_REASON:
        raise AchievementXPNotAwardable(
            "Achievement XP is paid by unlocking the achievement, not by xp_award_many()."
        )
    xp = settings.XP_REWARDS[reason]
    ids = list(dict.fromkeys(str(object_id) for object_id in object_ids))
    with transaction.atomic():
        total = _total_locked(user)
        xp_before = total.xp
        paid = set(
            XPEvent.objects.filter(user=user, reason=reason, object_id__in=ids).values_list("object_id", flat=True)
        )
        new = [object_id for object_id in ids if object_id not in paid]
        if not new:
            return None
        XPEvent.objects.bulk_create([XPEvent(user=user, reason=reason, object_id=object_id, xp=xp) for object_id in new])
        now = timezone.now()
        changes = {"last_event_at": now}
        if xp:
            changes.update(xp=F("xp") + xp * len(new), xp_reached_at=now)
        XPTotal.objects.filter(pk=total.pk).update(**changes)
        _caches_renew(user_id=user.pk, xp=xp)
        total.xp += xp * len(new)
        new_achievements = _achievements_unlock(user=user, total=total)
    return _event(
        xp_awarded=xp * len(new), reason=reason, total=total, xp_before=xp_before, new_achievements=new_achievements
    )


def _event(*, xp_awarded: int, reason: str, total: XPTotal, xp_before: int, new_achievements: list[dict]) -> dict:
    """The `gamification_event` of an award that paid."""
    level = level_for_xp(total.xp)
    return {
        "xp_awarded": xp_awarded,
        "reason": reason,
        "total_xp": total.xp,
        "level": level,
        "level_up": level > level_for_xp(xp_before),
        "new_achievements": new_achievements,
    }


def achievements_check(*, user) -> list[dict]:
    """Unlock achievements the user has reached without an XP award (e.g. a streak moved by
    a ritual entry); pays their XP. Returns the newly obtained `AchievementPublic` dicts."""
    with transaction.atomic():
        total = _total_locked(user)
        return _achievements_unlock(user=user, total=total)


def _total_locked(user) -> XPTotal:
    """The user's XPTotal row, created if missing, locked until the transaction ends."""
    total = XPTotal.objects.select_for_update().filter(pk=user.pk).first()
    if total is None:
        # ON CONFLICT DO NOTHING: a concurrent first award may be creating it right now.
        XPTotal.objects.bulk_create([XPTotal(user=user, xp=0)], ignore_conflicts=True)
        total = XPTotal.objects.select_for_update().get(pk=user.pk)
    return total


def _ledger_pay(*, user, total: XPTotal, reason: str, object_id, xp: int) -> bool:
    """Write the ledger row and add its XP to the (locked) total; False if already paid."""
    try:
        with transaction.atomic():
            XPEvent.objects.create(user=user, reason=reason, object_id=str(object_id), xp=xp)
    except IntegrityError:
        return False
    now = timezone.now()
    changes = {"last_event_at": now}
    if xp:
        # F(): the increment happens in the database, never a read-modify-write in Python.
        changes.update(xp=F("xp") + xp, xp_reached_at=now)
    XPTotal.objects.filter(pk=total.pk).update(**changes)
    _caches_renew(user_id=user.pk, xp=xp)
    total.xp += xp  # the row is locked, so this mirrors the database value
    return True


def _caches_renew(*, user_id, xp: int) -> None:
    """XP was paid: the user's profile changed, and with any XP the leaderboard."""
    PROFILE_CACHE.renew(user_id)
    if xp:
        LEADERBOARD_CACHE.renew()


def _achievements_unlock(*, user, total: XPTotal) -> list[dict]:
    """Unlock every active achievement whose counter reached its threshold. Achievement XP
    can raise the level, which can unlock a level achievement: repeat until nothing new."""
    pending = list(
        Achievement.objects.filter(is_active=True).exclude(holders__user=user).order_by("order_index", "code")
    )
    if not pending:
        return []
    counters = _counters(user=user, needed={a.rule_counter for a in pending})
    new: list[dict] = []
    while pending:
        counters[Counter.LEVEL] = level_for_xp(total.xp)
        reached = [a for a in pending if counters.get(a.rule_counter, 0) >= a.rule_threshold]
        if not reached:
            break
        for achievement in reached:
            obtained_at = timezone.now()
            try:
                with transaction.atomic():
                    UserAchievement.objects.create(user=user, achievement=achievement, obtained_at=obtained_at)
            except IntegrityError:  # obtained already
                continue
            # object_id = code: each achievement's XP is paid once even if an admin removes
            # and the user re-obtains it.
            _ledger_pay(
                user=user, total=total, reason=ACHIEVEMENT_REASON, object_id=achievement.code, xp=achievement.xp_reward
            )
            new.append(achievement_public(achievement, locale=user.locale, obtained_at=obtained_at))
        pending = [a for a in pending if a not in reached]
    return new


def _counters(*, user, needed: set[str]) -> dict[str, int]:
    """The counters the pending achievements need: at most one ledger query and one streak
    query."""
    counters: dict[str, int] = {}
    reasons = {r for counter in needed for r in LEDGER_COUNTERS.get(counter, ())}
    if reasons:
        by_reason = dict(
            XPEvent.objects.filter(user=user, reason__in=reasons)
            .values("reason")
            .annotate(n=Count("id"))
            .values_list("reason", "n")
        )
        for counter, counter_reasons in LEDGER_COUNTERS.items():
            if counter in needed:
                counters[counter] = sum(by_reason.get(r, 0) for r in counter_reasons)
    if Counter.STREAK_DAYS in needed:
        counters[Counter.STREAK_DAYS] = streak_get(user=user).current
    return counters

from rest_framework import serializers

from apps.core.validation import StrictCharField, StrictQueryIntegerField


class AchievementPublicSerializer(serializers.Serializer):
    code = StrictCharField()
    title = StrictCharField(help_text="In the caller's locale.")
    description = StrictCharField(help_text="In the caller's locale.")
    icon = StrictCharField(help_text="Emoji or icon name.")
    xp_reward = serializers.IntegerField(min_value=0, help_text="XP paid once when obtained.")
    is_obtained = serializers.BooleanField()
    obtained_at = serializers.DateTimeField(allow_null=True)


class GamificationEventSerializer(serializers.Serializer):
    """`gamification_event`: other apps nest it (`allow_null=True`: null when the action had
    already paid)."""

    xp_awarded = serializers.IntegerField(min_value=0, help_text="XP of this action (achievement XP not included).")
    reason = StrictCharField()
    total_xp = serializers.IntegerField(min_value=0, help_text="Total after this action and its achievements.")
    level = serializers.IntegerField(min_value=1)
    level_up = serializers.BooleanField()
    new_achievements = AchievementPublicSerializer(many=True)


class GamificationProfileSerializer(serializers.Serializer):
    xp = serializers.IntegerField(min_value=0, help_text="Total XP.")
    level = serializers.IntegerField(min_value=1, help_text="Level L starts at 100·L·(L−1)/2 total XP.")
    xp_into_level = serializers.IntegerField(
        min_value=0, help_text="XP earned inside the current level: xp − xp_for_level(level)."
    )
    xp_for_next_level = serializers.IntegerField(
        min_value=1,
        help_text=(
            "Size of the current level: xp_for_level(level+1) − xp_for_level(level) = 100·level. "
            "XP still needed for the next level is xp_for_next_level − xp_into_level."
        ),
    )
    streak_current = serializers.IntegerField(
        min_value=0, help_text="Consecutive local days with a ritual entry, ending today or yesterday; else 0."
    )
    streak_best = serializers.IntegerField(min_value=0, help_text="Longest run of consecutive local days ever.")
    last_activity_date = serializers.DateField(
        allow_null=True, help_text="Latest local date with a ritual entry or an XP event; null if none."
    )


class LeaderboardQuerySerializer(serializers.Serializer):
    limit = StrictQueryIntegerField(min_value=1, max_value=100, default=20, help_text="1..100, default 20.")


class LeaderboardEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField(min_value=1)
    display_name = StrictCharField(help_text="Name, username or a neutral placeholder; never an email.")
    level = serializers.IntegerField(min_value=1)
    xp = serializers.IntegerField(min_value=1)
    is_me = serializers.BooleanField()

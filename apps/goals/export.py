"""This app's part of `GET /me/export`: every goal of the user as GoalPublic."""

from .api.serializers import GoalPublicSerializer
from .selectors import goal_list


def goals_export(user) -> list[dict]:
    return [dict(row) for row in GoalPublicSerializer(goal_list(user=user), many=True).data]

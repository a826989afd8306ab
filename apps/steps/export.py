"""This app's part of `GET /me/export`: every step of the user as StepPublic."""

from .api.serializers import StepPublicSerializer
from .selectors import step_list


def steps_export(user) -> list[dict]:
    return [dict(row) for row in StepPublicSerializer(step_list(user=user), many=True).data]

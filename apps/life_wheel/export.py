"""GDPR export of the life wheel: every measurement of one user."""

from .presenters import life_wheel_public
from .selectors import life_wheel_list


def life_wheel_export(user) -> list[dict]:
    return [life_wheel_public(row) for row in life_wheel_list(user=user).iterator(chunk_size=500)]

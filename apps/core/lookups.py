"""One row by an id taken from a URL or a body."""

import uuid

from .exceptions import APIError


def row_get(queryset, pk, not_found: type[APIError]):
    """The row of `queryset` (already scoped to its owner) whose primary key is `pk`; a
    missing row or an id that is no UUID raises `not_found`."""
    try:
        pk = uuid.UUID(str(pk))
    except ValueError as exc:
        raise not_found() from exc
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise not_found()
    return row

"""Page-number pagination for every list: `?page=1&page_size=20`, `meta.pagination`."""

import math
from dataclasses import dataclass

from rest_framework import serializers
from rest_framework.response import Response

from .validation import StrictQueryIntegerField, validated


class PageQuerySerializer(serializers.Serializer):
    page = StrictQueryIntegerField(min_value=1, max_value=1_000_000, default=1)
    page_size = StrictQueryIntegerField(min_value=1, max_value=100, default=20)


@dataclass(frozen=True)
class Page:
    items: list
    meta: dict


def paginate(queryset, *, page: int, page_size: int) -> Page:
    """One COUNT and one bounded SELECT; a page past the end is empty, not an error."""
    total = queryset.count()
    offset = (page - 1) * page_size
    items = list(queryset[offset : offset + page_size]) if offset < total else []
    total_pages = math.ceil(total / page_size) if total else 0
    return Page(
        items=items,
        meta={
            "page": page,
            "page_size": page_size,
            "total": total,
            "total_pages": total_pages,
            "has_next": page < total_pages,
            "has_prev": page > 1,
        },
    )


def paginated_response(request, queryset, to_item) -> Response:
    """Validate `page`/`page_size` (422 when out of range) and answer `{"items": [...]}` with
    `meta.pagination`. `to_item` turns one row into its public dict."""
    params = validated(PageQuerySerializer, request.query_params)
    page = paginate(queryset, page=params["page"], page_size=params["page_size"])
    response = Response({"items": [to_item(row) for row in page.items]})
    response.pagination = page.meta
    return response

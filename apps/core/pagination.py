"""Page-number pagination for every list: `?page=1&page_size=20`, `meta.pagination`."""

import math
from dataclasses import dataclass

from django.db.models import Count, Window
from django.db.models.query import ModelIterable, ValuesIterable
from rest_framework import serializers
from rest_framework.response import Response

from .sqlread import BoundList, on_postgresql
from .validation import StrictQueryIntegerField, validated_query


class PageQuerySerializer(serializers.Serializer):
    page = StrictQueryIntegerField(min_value=1, max_value=1_000_000, default=1)
    page_size = StrictQueryIntegerField(min_value=1, max_value=100, default=20)


PAGE_DEFAULTS = {"page": 1, "page_size": 20}


@dataclass(frozen=True)
class Page:
    items: list
    meta: dict


_TOTAL = "_pagination_total"


def _page_with_total(queryset, offset: int, page_size: int) -> tuple[list, int | None]:
    """The page and the total in ONE query (`COUNT(*) OVER ()` on each row), for model and
    `.values()` querysets without DISTINCT or GROUP BY; (rows, None) when it cannot tell
    (another queryset shape, or a page past the end: no row carries the total)."""
    query = queryset.query
    if query.distinct or query.group_by is not None or query.combinator:
        return [], None
    if issubclass(queryset._iterable_class, ValuesIterable):
        rows = list(queryset.annotate(**{_TOTAL: Window(Count("*"))})[offset : offset + page_size])
        total = rows[0][_TOTAL] if rows else None
        for row in rows:
            del row[_TOTAL]
        return rows, total
    if issubclass(queryset._iterable_class, ModelIterable):
        rows = list(queryset.annotate(**{_TOTAL: Window(Count("*"))})[offset : offset + page_size])
        total = getattr(rows[0], _TOTAL) if rows else None
        return rows, total
    return [], None


def paginate(queryset, *, page: int, page_size: int) -> Page:
    """One SELECT of the page that also counts the whole list (one round trip); a separate
    COUNT only when that cannot tell (an empty page, or an unusual queryset). A page past the
    end is empty, not an error."""
    offset = (page - 1) * page_size
    if isinstance(queryset, BoundList) and on_postgresql():
        items, total = queryset.page(offset, page_size)  # compiled once: apps/core/sqlread.py
        if total is None:
            queryset = queryset.queryset  # the queryset counts an empty page
    else:
        if isinstance(queryset, BoundList):
            queryset = queryset.queryset  # other databases: the `.values()` queryset
        items, total = _page_with_total(queryset, offset, page_size)
    if total is None:
        total = queryset.count()
        if not items and offset < total:
            items = list(queryset[offset : offset + page_size])
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


def page_params(request) -> dict:
    """`page` and `page_size` of the query string (422 when out of range), defaults filled:
    `?page=1&page_size=20` and no query string are the same request."""
    return validated_query(PageQuerySerializer, request)


def paginated_response(request, queryset, to_item, *, params: dict | None = None) -> Response:
    """Answer `{"items": [...]}` with `meta.pagination`. `to_item` turns one row into its
    public dict. `params`: the view's validated query (its filters and `page`/`page_size`,
    through a PageQuerySerializer subclass); by default `page`/`page_size` are validated here.
    `queryset` may also be a function that builds it."""
    if params is None:
        params = page_params(request)
    page_no, page_size = params["page"], params["page_size"]
    page = paginate(_built(queryset), page=page_no, page_size=page_size)
    response = Response({"items": [to_item(row) for row in page.items]})
    response.pagination = page.meta
    return response


def _built(queryset):
    return queryset() if callable(queryset) else queryset

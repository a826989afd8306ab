"""Page-number pagination for every list: `?page=1&page_size=20`, `meta.pagination`."""

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Window
from django.db.models.query import ModelIterable, ValuesIterable
from rest_framework import serializers
from rest_framework.response import Response

from .caching import answer_caches_on
from .prefetch import prefetched
from .sqlread import SqlList, on_postgresql
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
    if isinstance(queryset, SqlList) and on_postgresql():
        items, total = queryset.page(offset, page_size)  # written-out SQL: apps/core/sqlread.py
        if total is None:
            queryset = queryset.queryset  # the reference counts an empty page
    else:
        if isinstance(queryset, SqlList):
            queryset = queryset.queryset  # other databases: the reference `.values()` queryset
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


FIRST_PAGE_CACHE_SECONDS = 60


def page_params(request) -> dict:
    """`page` and `page_size` of the query string (422 when out of range), defaults filled:
    `?page=1&page_size=20` and no query string are the same request."""
    return validated_query(PageQuerySerializer, request.query_params)


def paginated_response(
    request, queryset, to_item, *, params: dict | None = None, first_page_cache_key: str | None = None
) -> Response:
    """Answer `{"items": [...]}` with `meta.pagination`. `to_item` turns one row into its
    public dict. `params`: the view's validated query (its filters and `page`/`page_size`,
    through a PageQuerySerializer subclass); by default `page`/`page_size` are validated here.
    `queryset` may be a function that builds it: then a cached first page does not pay for
    building it.

    `first_page_cache_key`: the default first page (page 1 of 20, however it is spelled) is
    cached under that key for FIRST_PAGE_CACHE_SECONDS; the app drops it on every write to the
    list (now and after commit). Declare it in the view's `cache_prefetch` too, and it comes
    with the session check's round trip (apps/core/prefetch.py). Never with filters. Issue 19
    took it off the life wheel (a per-user page is rarely read twice within a minute, and the
    read itself is fast now: docs/notes/reads.md); goals and steps still pass it until their
    lists become bare arrays, and then it has no caller left and can go."""
    if params is None:
        params = page_params(request)
    page_no, page_size = params["page"], params["page_size"]
    if first_page_cache_key is not None and answer_caches_on() and (page_no, page_size) == (1, 20):
        document = prefetched(request, first_page_cache_key) or cache.get(first_page_cache_key)
        if document is None:
            page = paginate(_built(queryset), page=1, page_size=20)
            document = {"items": [to_item(row) for row in page.items], "pagination": page.meta}
            cache.set(first_page_cache_key, document, FIRST_PAGE_CACHE_SECONDS)
        response = Response({"items": document["items"]})
        response.pagination = document["pagination"]
        return response
    page = paginate(_built(queryset), page=page_no, page_size=page_size)
    response = Response({"items": [to_item(row) for row in page.items]})
    response.pagination = page.meta
    return response


def _built(queryset):
    return queryset() if callable(queryset) else queryset

"""apps/core/negotiation.py answers exactly what DRF's DefaultContentNegotiation answers, for
the requests it shortcuts and for the ones it hands on."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from apps.core.negotiation import ContentNegotiation
from apps.core.renderers import EnvelopeRenderer

ACCEPTS = [None, "*/*", "application/json", "application/json; indent=4", "text/html", "application/*",
           "application/yaml", "application/vnd.oai.openapi", "text/html, */*;q=0.8", "", "application/xml"]
QUERIES = ["", "page=1&page_size=20", "format=json", "format=openapi", "format=yaml", "informat=1"]
RENDERER_SETS = [[EnvelopeRenderer()], [OpenApiYamlRenderer(), OpenApiJsonRenderer()], [OpenApiJsonRenderer(), EnvelopeRenderer()]]


def answer(negotiation, request, renderers, format_suffix=None):
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, format_suffix)
    except NotAcceptable:
        return "406"
    except Http404:  # a format no renderer has
        return "404"
    return type(renderer).__name__, media_type


@pytest.mark.parametrize("renderers", RENDERER_SETS, ids=["envelope", "schema", "mixed"])
def test_every_answer_is_drfs(renderers):
    shortcut = 0
    for accept in ACCEPTS:
        for query in QUERIES:
            for suffix in (None, "json"):
                headers = {} if accept is None else {"HTTP_ACCEPT": accept}
                request = Request(RequestFactory().get(f"/api/v1/goals?{query}", **headers))
                ours = answer(ContentNegotiation(), request, renderers, suffix)
                assert ours == answer(DefaultContentNegotiation(), request, renderers, suffix), (accept, query, suffix)
                shortcut += ours not in ("404", "406")
    assert shortcut  # some requests of each set were answered

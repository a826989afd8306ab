"""Headless Chromium (Debian's package) driven by Playwright for the browser tests."""

import os

import pytest


@pytest.fixture(scope="module")
def async_unsafe_allowed():
    """Playwright's sync API runs an event loop in this thread; the fixtures' database work is
    ordinary synchronous code (the documented setting for Django tests driving Playwright).
    Only while these tests run: a subprocess started later must not inherit it."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before

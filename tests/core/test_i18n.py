"""Every error message a client can see exists in Russian and English."""

import importlib
from pathlib import Path

import pytest
from django.utils import translation

from apps.core.exceptions import APIError

APPS = Path(__file__).resolve().parents[2] / "apps"


def all_error_classes():
    for module in sorted(APPS.glob("*/errors.py")):
        importlib.import_module(f"apps.{module.parent.name}.errors")
    importlib.import_module("apps.core.exceptions")
    seen, stack = set(), [APIError]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen and sub.__module__.startswith("apps."):
                seen.add(sub)
                stack.append(sub)
    return sorted(seen, key=lambda c: (c.__module__, c.__name__))


ERRORS = all_error_classes()


def test_error_classes_are_found():
    assert len(ERRORS) > 40


@pytest.mark.parametrize("error", ERRORS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_error_message_is_translated_to_russian(error):
    with translation.override("en"):
        english = str(error.message)
    with translation.override("ru"):
        russian = str(error.message)
    assert english and russian
    assert russian != english, f"{error.code}: no Russian translation for {english!r}"
    assert any("а" <= ch.lower() <= "я" for ch in russian)

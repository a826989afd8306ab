"""Shared helpers exist once, in apps/core: a second copy anywhere under apps/ fails here.

    locale choice       apps/core/locale.py      (locale_active, locale_of_user, ...)
    timestamps          apps/core/timestamps.py  (iso_utc, iso_date)
    ISO weeks           apps/core/timezones.py   (iso_week_start, iso_week_key)
    read-only admin     apps/core/admin.py       (NoAddAdmin, ViewOnlyAdmin, ReadOnlyAdmin)
    export and erasure  apps/core/registry.py    (register_exporter, register_eraser)
    cache write + commit apps/core/caching.py    (now_and_after_commit)
    answer caches       apps/core/usercache.py   (AnswerCache: generation keys, renew)
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

APPS = Path(settings.BASE_DIR) / "apps"

# (what, pattern, the one file allowed to hold it)
ONE_COPY = [
    ("exporter registry", r"def register_exporter\b", "core/registry.py"),
    ("eraser registry", r"def register_eraser\b", "core/registry.py"),
    ("exporter table", r"_EXPORTERS\s*[:=]", "core/registry.py"),
    ("read-only admin", r"def has_(add|change|delete)_permission\b", "core/admin.py"),
    ("read-only admin class", r"class \w*ReadOnly\w*\(", "core/admin.py"),
    ("UTC timestamp text", r"""\+00:00""", "core/timestamps.py"),
    ("optional date text", r"\.isoformat\(\) if ", "core/timestamps.py"),
    ("timestamp through a DRF field", r"DateTimeField\(\)\.to_representation|= DateTimeField\(\)", None),
    ("ISO week number", r"\.isocalendar\(\)", "core/timezones.py"),
    ("ISO week start", r"\.(iso)?weekday\(\)\)", "core/timezones.py"),
    ("locale picker", r"""else ["']ru["']|get_language\(\)[^\n]*startswith""", None),
    ("active language read", r"\bget_language\(\)", "core/locale.py|core/health.py"),
    ("cache write again after commit", r"on_commit\(lambda: cache\.", None),
    ("cache generation key", r"""f["'][^"'\n]*:gen:""", "core/usercache.py"),
]


def sources():
    for path in sorted(APPS.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(APPS).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("what", "pattern", "home"), ONE_COPY, ids=[row[0] for row in ONE_COPY])
def test_one_copy_under_apps(what, pattern, home):
    allowed = set(home.split("|")) if home else set()
    places = [name for name, text in sources() if re.search(pattern, text)]
    assert [name for name in places if name not in allowed] == []


def test_the_homes_hold_them():
    texts = dict(sources())
    assert "def register_exporter" in texts["core/registry.py"]
    assert "class ReadOnlyAdmin" in texts["core/admin.py"]
    assert "def iso_utc" in texts["core/timestamps.py"]
    assert "def iso_week_key" in texts["core/timezones.py"]
    assert "def locale_of_user" in texts["core/locale.py"]
    assert "def now_and_after_commit" in texts["core/caching.py"]
    assert "class AnswerCache" in texts["core/usercache.py"]

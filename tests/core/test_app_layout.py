"""Every domain app has the same layout (see README, Architecture), so a newcomer who has read
one app can find anything in any other."""

import re
from pathlib import Path

import pytest
from django.conf import settings

APPS = Path(settings.BASE_DIR) / "apps"
DOMAIN_APPS = [
    "accounts", "limits", "areas", "life_wheel", "wants", "future_story", "visuals",
    "goals", "steps", "rituals", "reminders", "gamification", "esoterics",
]  # fmt: skip
SHARED_DATA_APPS = {"areas"}  # no row belongs to a user: nothing to export
LAYOUT = [
    "models.py", "errors.py", "selectors.py", "presenters.py", "admin.py",
    "api/serializers.py", "api/views.py", "api/urls.py",
]  # fmt: skip


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_the_app_has_the_common_layout(app):
    root = APPS / app
    missing = [name for name in LAYOUT if not (root / name).is_file()]
    if not ((root / "services.py").is_file() or (root / "services" / "__init__.py").is_file()):
        missing.append("services")
    assert missing == []


@pytest.mark.parametrize("app", sorted(set(DOMAIN_APPS) - SHARED_DATA_APPS))
def test_an_app_with_user_rows_exports_them(app):
    ready = (APPS / app / "apps.py").read_text(encoding="utf-8")
    assert "register_exporter(" in ready and (APPS / app / "export.py").is_file()


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_the_personal_data_export_lives_in_export_py(app):
    ready = (APPS / app / "apps.py").read_text(encoding="utf-8")
    if "register_exporter(" in ready:
        assert "from .export import" in ready
        assert (APPS / app / "export.py").is_file()


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_public_dicts_are_built_in_presenters_py(app):
    builders = [
        path.relative_to(APPS).as_posix()
        for path in (APPS / app).rglob("*.py")
        if path.name != "presenters.py"
        and "migrations" not in path.parts
        and re.search(r"^def \w+_public\(", path.read_text(encoding="utf-8"), re.M)
    ]
    assert builders == []

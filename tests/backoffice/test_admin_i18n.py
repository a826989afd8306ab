"""The admin in Russian and English: every verbose name, action and message of ours is in
the catalogs, MechtaAI branding, plurals, filters and search where an admin looks."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from apps.accounts.models import Session
from apps.accounts.services import session_create
from apps.core.i18n import catalog_messages, catalog_paths
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = [config for config in apps.get_app_configs() if config.name.startswith("apps.")]
# Words that are the same in both languages.
SAME_IN_RUSSIAN = {"XP", "Telegram ID", "email", "pro", "user agent", "eager", "Telegram", "English"}  # + endonyms


@pytest.fixture
def staff_web():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="root@example.com"))
    return client


def our_labels():
    """(where, lazy text) for every app, model, field, action and filter title of ours."""
    for config in OUR_APPS:
        yield config.label, config.verbose_name
        for model in config.get_models():
            yield model.__name__, model._meta.verbose_name
            yield model.__name__, model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if hasattr(field, "verbose_name") and not field.auto_created:
                    yield f"{model.__name__}.{field.name}", field.verbose_name
                for _value, label in getattr(field, "choices", None) or []:
                    yield f"{model.__name__}.{field.name} choice", label
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("apps."):
            continue
        for action in model_admin.actions or []:
            func = getattr(model_admin, action) if isinstance(action, str) else action
            yield f"{model.__name__} action", func.short_description


def test_every_label_of_ours_is_translated_to_russian():
    untranslated = []
    for where, text in our_labels():
        with translation.override("en"):
            english = str(text)
        with translation.override("ru"):
            russian = str(text)
        if english == russian and english not in SAME_IN_RUSSIAN and english != "Русский":
            untranslated.append((where, english))
    assert untranslated == []


@pytest.mark.parametrize(
    ("model", "plural"),
    [("rituals.JournalEntry", "journal entries"), ("wants.WantsAnalysis", "wants analyses"), ("life_wheel.LifeWheel", "life wheels")],
)
def test_plurals_are_english_plurals(model, plural):
    with translation.override("en"):
        assert str(apps.get_model(model)._meta.verbose_name_plural) == plural


def test_app_names_are_words():
    with translation.override("en"):
        assert str(apps.get_app_config("life_wheel").verbose_name) == "Life wheel"


@pytest.mark.parametrize(
    ("language", "header", "title"),
    [("en", "MechtaAI administration", "Select area to change"), ("ru", "Администрирование MechtaAI", "Выберите объект «сфера» для изменения")],
)
def test_admin_is_branded_and_localized(staff_web, language, header, title):
    html = staff_web.get("/admin/areas/area/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert header in html and title in html
    assert "Django administration" not in html and "Администрирование Django" not in html


def test_area_columns_are_russian_in_russian(staff_web):
    call_command("seed_areas", verbosity=0)
    html = staff_web.get("/admin/areas/area/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Название (рус.)" in html and "Title ru" not in html
    assert "Включить выбранные сферы" in html


def test_revoke_action_message_uses_russian_plurals(staff_web):
    user = UserFactory(email="owner@example.com")
    for _ in range(2):
        session_create(user=user)
    ids = [str(pk) for pk in Session.objects.values_list("pk", flat=True)]
    response = staff_web.post(
        "/admin/accounts/session/",
        {"action": "revoke", "_selected_action": ids},
        HTTP_ACCEPT_LANGUAGE="ru",
        follow=True,
    )
    assert "2 сессии завершены." in response.content.decode()


def test_sessions_filter_by_state(staff_web):
    user = UserFactory(email="owner@example.com")
    live, _ = session_create(user=user, user_agent="live-agent")
    ended, _ = session_create(user=user, user_agent="ended-agent")
    Session.objects.filter(pk=ended.pk).update(revoked_at=timezone.now())
    active = staff_web.get("/admin/accounts/session/?state=active").content.decode()
    revoked = staff_web.get("/admin/accounts/session/?state=revoked").content.decode()
    assert "live-agent" in active and "ended-agent" not in active
    assert "ended-agent" in revoked and "live-agent" not in revoked


@pytest.mark.parametrize("query", ["700000077", "night_owl", "owl@example"])
def test_users_are_found_by_telegram_id_username_or_email(staff_web, query):
    UserFactory(email="owl@example.com", telegram_id=700000077, username="night_owl")
    UserFactory(email="lark@example.com", telegram_id=700000078, username="early_lark")
    html = staff_web.get("/admin/accounts/user/", {"q": query}).content.decode()
    assert "owl@example.com" in html and "lark@example.com" not in html


def test_sessions_are_found_by_username(staff_web):
    session_create(user=UserFactory(email="owl@example.com", username="night_owl"), user_agent="owl-agent")
    session_create(user=UserFactory(email="lark@example.com", username="early_lark"), user_agent="lark-agent")
    html = staff_web.get("/admin/accounts/session/", {"q": "night_owl"}).content.decode()
    assert "owl-agent" in html and "lark-agent" not in html


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/admin/accounts/user/", "plan__exact"),
        ("/admin/accounts/user/", "is_email_verified__exact"),
        ("/admin/areas/area/", "is_active__exact"),
        ("/admin/accounts/session/", "state"),
        ("/admin/ai/aijob/", "kind"),
        ("/admin/ai/aijob/", "status__exact"),
        ("/admin/goals/goal/", "horizon__exact"),
        ("/admin/steps/step/", "level__exact"),
        ("/admin/rituals/weeklyreview/", "status__exact"),
    ],
)
def test_useful_filters_are_offered(staff_web, url, parameter):
    assert f"?{parameter}=" in staff_web.get(url).content.decode()


def test_user_list_shows_last_login(staff_web):
    user = UserFactory(email="owner@example.com")
    session_create(user=user)
    html = staff_web.get("/admin/accounts/user/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Last login" in html or "last login" in html.lower()
    assert timezone.now().strftime("%Y-%m-%d") in html


def test_committed_catalogs_are_compiled_from_their_sources(tmp_path):
    import polib

    for po_path in catalog_paths():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} is missing: run `manage.py compile_catalogs`"
        fresh = tmp_path / "fresh.mo"
        polib.pofile(str(po_path)).save_as_mofile(str(fresh))
        assert catalog_messages(polib.mofile(str(mo_path))) == catalog_messages(polib.mofile(str(fresh))), (
            f"{mo_path} is stale: run `manage.py compile_catalogs`"
        )


def test_every_catalog_entry_is_translated():
    import polib

    for po_path in catalog_paths():
        po = polib.pofile(str(po_path))
        assert [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()] == [], po_path


def test_ai_jobs_are_listed_read_only_with_kinds_in_russian(staff_web):
    from tests.backoffice.factories import make_ai_job

    user = UserFactory(email="owl@example.com", username="night_owl")
    make_ai_job(user=user, kind="steps.generate", created=timezone.now(), status="failed", error_code="STEPS_AI_TIMEOUT")
    html = staff_web.get("/admin/ai/aijob/", {"q": "night_owl"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "план шагов" in html and "STEPS_AI_TIMEOUT" in html and "owl@example.com" in html
    assert staff_web.get("/admin/ai/aijob/add/").status_code == 403


def test_one_message_has_one_russian_form_across_catalogs():
    """Django merges the apps' catalogs (the first app listed wins), so one msgid translated
    two ways in two apps shows the wrong form in one of them: such words need a context."""
    import polib

    forms: dict[tuple, set] = {}
    for po_path in catalog_paths():
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr:
                forms.setdefault((entry.msgctxt, entry.msgid), set()).add(entry.msgstr)
    assert {key: found for key, found in forms.items() if len(found) > 1} == {}


def test_weekly_reviews_are_named_in_the_nominative(staff_web):
    html = staff_web.get("/admin/rituals/weeklyreview/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Обзоры недели" in html and "Недельных обзоров" not in html

import json

import pytest

from apps.ai.errors import AIError
from apps.ai.prompts import prompt_path, prompt_render

CONTEXT = {"wants": ["дом у моря", "{locale} {0} }{"], "count": 2}


def write(root, name, text):
    folder = root / "demo" / "prompts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_renders_context_json_into_the_template(tmp_path):
    write(tmp_path, "analyze.en.txt", "Analyse ({locale}):\n{context_json}\n")

    text = prompt_render("demo.analyze", "en", CONTEXT, root=tmp_path)

    head, _, body = text.partition("\n")
    assert head == "Analyse (en):"
    assert json.loads(body) == CONTEXT  # user text with braces is inserted verbatim


def test_uses_the_setting_by_default(settings, tmp_path):
    write(tmp_path, "analyze.ru.txt", "Данные: {context_json}")
    settings.AI_PROMPTS_DIR = tmp_path

    assert prompt_render("demo.analyze", "ru", {"a": 1}, root=None).startswith("Данные: {")


def test_doubled_braces_are_literal(tmp_path):
    write(tmp_path, "analyze.en.txt", 'Answer as {{"summary": "..."}}.\n{context_json}')

    text = prompt_render("demo.analyze", "en", {"a": 1}, root=tmp_path)

    assert text.startswith('Answer as {"summary": "..."}.\n{')


def test_raw_json_example_in_template_does_not_crash(tmp_path):
    write(tmp_path, "analyze.en.txt", 'Answer as {"summary": "...", "themes": ["..."]}.\nInput: {context_json}')

    text = prompt_render("demo.analyze", "en", {"a": 1}, root=tmp_path)

    assert text.startswith('Answer as {"summary": "...", "themes": ["..."]}.\nInput: {')
    assert json.loads(text.split("Input: ", 1)[1]) == {"a": 1}


def test_raw_template_does_not_substitute_inside_the_context(tmp_path):
    write(tmp_path, "analyze.en.txt", "Example {not a field}. Locale {locale}. Input: {context_json}")

    text = prompt_render("demo.analyze", "en", CONTEXT, root=tmp_path)

    assert text.startswith("Example {not a field}. Locale en. Input: ")
    assert json.loads(text.split("Input: ", 1)[1]) == CONTEXT


@pytest.mark.parametrize(("asked", "present", "used"), [("ru", "ru", "ru"), ("ru", "en", "en"), ("en", "ru", "ru")])
def test_falls_back_to_the_other_locale(tmp_path, asked, present, used):
    write(tmp_path, f"analyze.{present}.txt", f"prompt-{present}")

    assert prompt_path("demo.analyze", asked, root=tmp_path).name == f"analyze.{used}.txt"
    assert prompt_render("demo.analyze", asked, {}, root=tmp_path) == f"prompt-{used}"


def test_prefers_the_asked_locale(tmp_path):
    write(tmp_path, "analyze.en.txt", "english")
    write(tmp_path, "analyze.ru.txt", "русский")

    assert prompt_render("demo.analyze", "ru", {}, root=tmp_path) == "русский"
    assert prompt_render("demo.analyze", "en", {}, root=tmp_path) == "english"


def test_missing_template_is_an_ai_error(tmp_path):
    with pytest.raises(AIError):
        prompt_render("demo.analyze", "en", {}, root=tmp_path)


@pytest.mark.parametrize("task", ["../etc.passwd", "demo", "demo./x", "demo.a/b", "Demo.analyze", ".analyze"])
def test_task_names_cannot_leave_the_prompts_dir(tmp_path, task):
    write(tmp_path, "analyze.en.txt", "x")

    with pytest.raises(AIError):
        prompt_path(task, "en", root=tmp_path)


def test_locale_cannot_leave_the_prompts_dir(tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    write(tmp_path, "analyze.en.txt", "fallback")

    assert prompt_render("demo.analyze", "../../secret", {}, root=tmp_path) == "fallback"

"""Prompt templates of the openai backend: one plain-text file per task and locale.

    task "wants.analyze", locale "ru"  ->  {AI_PROMPTS_DIR}/wants/prompts/analyze.ru.txt

A template is str.format-style with the placeholders `{context_json}` (the task's context as
JSON) and `{locale}`; literal braces are written `{{` / `}}`. A template that is not a valid
format string (e.g. a raw JSON example with single braces) is rendered literally instead, with
only `{context_json}` and `{locale}` replaced, so a prompt file can never crash a task. The
context is inserted as a value, never parsed as a template, so user input cannot inject fields.
When the template for the asked locale is missing the other locale's one is used.
"""

import json
import re
from pathlib import Path

from django.conf import settings

from .errors import AIError

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{(context_json|locale)\}")


def context_json(context: dict) -> str:
    return json.dumps(context, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def _locales(locale: str) -> list[str]:
    known = [code for code, _name in settings.LANGUAGES]
    return [locale] + [code for code in known if code != locale]


def prompt_path(task: str, locale: str, *, root: Path | None = None) -> Path:
    """The template file for `task` in `locale`, or in another locale when that one is missing."""
    app, _, action = task.partition(".")
    if not (_NAME.match(app) and _NAME.match(action)):
        raise AIError(f"Invalid AI task name {task!r}")
    folder = Path(root if root is not None else settings.AI_PROMPTS_DIR) / app / "prompts"
    for code in _locales(locale):
        if not _NAME.match(code):
            continue
        path = folder / f"{action}.{code}.txt"
        if path.is_file():
            return path
    raise AIError(f"No prompt template for {task!r} in {folder}")


def prompt_render(task: str, locale: str, context: dict, *, root: Path | None = None) -> str:
    template = prompt_path(task, locale, root=root).read_text(encoding="utf-8")
    values = {"context_json": context_json(context), "locale": locale}
    try:
        return template.format_map(values).strip()
    except (KeyError, IndexError, ValueError, AttributeError):
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template).strip()

import json
from pathlib import Path

import pytest

import apps.esoterics

PROMPTS = Path(apps.esoterics.__file__).parent / "prompts"


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_daily_tip_prompt_renders_with_the_context(locale):
    template = (PROMPTS / f"daily_tip.{locale}.txt").read_text(encoding="utf-8")
    context_json = json.dumps({"date": "2025-01-13", "moon": {"phase": "full_moon"}}, ensure_ascii=False)
    prompt = template.format(context_json=context_json)
    assert context_json in prompt
    assert '{"text": ' in prompt  # the doubled braces of the answer shape survive formatting
    assert "600" in prompt

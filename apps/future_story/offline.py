"""Offline composer for `future_story.generate`: a story of the user's future written from
their own interview answers, wants and life-wheel scores, with no network.

- Each answered area gets a paragraph per horizon. The 3-year paragraph quotes the person's own
  answer and says where the area started (their life-wheel score); the 5-year one grows it
  into a foundation and mentions the wants of that area from the latest wants analysis.
- The opening names the year and the person; at 3 years the areas the wants analysis
  recommends focusing on, at 5 years the answered area they scored lowest on the life wheel.
- Wording varies with a hash of the answer, so two people never get the same text frame.
- One vision-board picture per answered area: a prompt built from the answer and the area's
  colour, which the offline image renderer uses as its palette.
Every text is in the user's locale.
"""

import hashlib
import re

from apps.ai.offline import offline_composer
from apps.core.locale import locale_normalize

from .constants import IMAGES_MAX_ITEMS

TEXTS = {
    "ru": {
        "open_3y": [
            "{title}. Прошло три года, и то, о чём вы когда-то писали, — «{answer}» — стало частью обычной жизни.",
            "{title}. Три года спустя вы замечаете, что «{answer}» — уже не мечта, а ваш обычный день.",
            "{title}. Через три года вы оглядываетесь назад и видите, как далеко ушли: «{answer}» — теперь это про вас.",
        ],
        "score_low": "Когда-то вы оценивали эту сферу всего на {score} из 10 — тем заметнее перемена: маленькие шаги каждую неделю сложились в новую опору.",
        "score_mid": "Вы начинали с {score} из 10 и не стали ждать идеального момента: понемногу, шаг за шагом, эта сфера стала крепче.",
        "score_high": "Эта сфера и тогда была сильной — {score} из 10, — и вы её сберегли, не разменяв на спешку.",
        "wants": "Сбылось и то, чего вы хотели: {quotes}.",
        "open_5y": [
            "{title}. Пять лет спустя «{answer}» — уже не цель, а фундамент, на котором вы строите дальше.",
            "{title}. Прошло пять лет. То, что начиналось со слов «{answer}», выросло в нечто большее.",
            "{title}. Через пять лет вы вспоминаете, как записали: «{answer}», — и улыбаетесь: получилось даже лучше.",
        ],
        "growth": {
            "health": "Ваше тело стало надёжным союзником: энергии хватает и на работу, и на близких, и на новые планы.",
            "career": "Вас знают как человека, на которого можно положиться, и теперь вы сами выбираете, над чем работать.",
            "finance": "Деньги перестали быть поводом для тревоги — они работают на вас и дают свободу выбирать.",
            "relationships": "Рядом человек, с которым спокойно и радостно, и вы умеете беречь это каждый день.",
            "family_friends": "Ваш дом — место, куда хочется возвращаться, а встречи с близкими стали доброй традицией.",
            "personal_growth": "Учиться стало привычкой: новые знания открывают двери, о которых пять лет назад вы не подозревали.",
            "leisure": "Отдых больше не откладывается «на потом»: вы знаете, что вас наполняет, и находите на это время.",
            "environment": "Пространство вокруг отражает вас самих: здесь легко дышится, работается и мечтается.",
        },
        "growth_other": "Эта сфера стала источником сил, и вы уверенно ставите в ней новые цели.",
        "wants_5y": "То, с чего всё началось, — {quotes} — давно сбылось, и на смену пришли новые мечты.",
        "intro_3y": "{year} год. {name}вы просыпаетесь с чувством, что жизнь идёт туда, куда вы сами её направили.",
        "intro_5y": "{year} год. {name}прошло пять лет с того дня, когда вы впервые записали, какой хотите видеть свою жизнь.",
        "focus": "Больше всего сил вы вложили в то, что было для вас важнее всего: {areas}.",
        "lowest": "Даже сфера «{area}», которую вы когда-то оценивали ниже всего, теперь стала поводом для гордости.",
        "outro_3y": "Это ещё не финал — это середина пути, и она вам нравится. Вы знаете, что следующий шаг уже по силам.",
        "outro_5y": "Вы смотрите вперёд спокойно: то, что когда-то казалось далёкой мечтой, стало вашей жизнью — и у вас уже есть новые мечты.",
        "image_title": "{title} — {year}",
        "image_prompt": (
            "Вдохновляющая картина для доски визуализации, сфера «{title}»: {answer}. "
            "Светлая тёплая атмосфера, мягкий утренний свет, главный цвет {color}, без текста и надписей."
        ),
        "and": " и ",
    },
    "en": {
        "open_3y": [
            "{title}. Three years have passed, and what you once wrote — “{answer}” — has become part of everyday life.",
            "{title}. Three years on, you notice that “{answer}” is no longer a dream but an ordinary day.",
            "{title}. Three years from now you look back and see how far you have come: “{answer}” is simply you now.",
        ],
        "score_low": "You once rated this area just {score} out of 10, which makes the change all the more visible: small weekly steps added up to a new foundation.",
        "score_mid": "You started at {score} out of 10 and did not wait for the perfect moment: little by little, this area grew stronger.",
        "score_high": "This area was strong even then — {score} out of 10 — and you kept it that way instead of trading it for haste.",
        "wants": "What you wanted has come true as well: {quotes}.",
        "open_5y": [
            "{title}. Five years on, “{answer}” is no longer a goal but the foundation you keep building on.",
            "{title}. Five years have passed. What began with the words “{answer}” has grown into something bigger.",
            "{title}. Five years from now you remember writing “{answer}” and smile: it turned out even better.",
        ],
        "growth": {
            "health": "Your body has become a reliable ally: there is enough energy for work, for the people you love and for new plans.",
            "career": "People know you as someone they can count on, and now you choose what to work on yourself.",
            "finance": "Money is no longer a source of worry — it works for you and gives you the freedom to choose.",
            "relationships": "Beside you is someone with whom life feels calm and joyful, and you know how to cherish it every day.",
            "family_friends": "Your home is a place people love coming back to, and time with your loved ones has become a warm tradition.",
            "personal_growth": "Learning has become a habit: new knowledge opens doors you could not have imagined five years ago.",
            "leisure": "Rest is no longer put off until later: you know what fills you up and you make time for it.",
            "environment": "The space around you reflects who you are: it is easy to breathe, work and dream here.",
        },
        "growth_other": "This area has become a source of strength, and you set new goals in it with confidence.",
        "wants_5y": "What it all started with — {quotes} — came true long ago, and new dreams have taken its place.",
        "intro_3y": "It is {year}. {name}you wake up feeling that life is going where you yourself have steered it.",
        "intro_5y": "It is {year}. {name}five years have passed since the day you first wrote down the life you wanted.",
        "focus": "You put most of your energy into what mattered most to you: {areas}.",
        "lowest": "Even {area}, the area you once rated lowest, has become something to be proud of.",
        "outro_3y": "This is not the end — it is the middle of the road, and you like it. You know the next step is within reach.",
        "outro_5y": "You look ahead calmly: what once seemed a distant dream has become your life — and you already have new dreams.",
        "image_title": "{title} — {year}",
        "image_prompt": (
            "An inspiring vision-board picture about {title}: {answer}. "
            "Bright, warm atmosphere, soft morning light, main colour {color}, no text or lettering."
        ),
        "and": " and ",
    },
}

_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
QUOTE_MAX_CHARS = 300
SNIPPET_MAX_CHARS = 120


def _pick(options: list[str], *keys: str) -> str:
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).digest()
    return options[digest[0] % len(options)]


def _quote(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """The person's own words, one line, cut at a sentence or word boundary, without the
    closing full stop (they sit inside quotation marks in the middle of a sentence)."""
    text = _SPACES.sub(" ", text).strip().strip("«»“”\"'")
    if len(text) > limit:
        sentences = _SENTENCE_END.split(text)
        cut = ""
        for sentence in sentences:
            if len(cut) + len(sentence) + 1 > limit:
                break
            cut = f"{cut} {sentence}".strip()
        text = cut or text[:limit].rsplit(" ", 1)[0] + "…"
    return text.rstrip(" .;:,")


def _join(items: list[str], locale: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + TEXTS[locale]["and"] + items[-1]


def _quotes(texts: list[str], locale: str) -> str:
    marks = ("«{}»", "“{}”") if locale == "ru" else ("“{}”", "“{}”")
    return _join([marks[0].format(_quote(text, SNIPPET_MAX_CHARS)) for text in texts], locale)


def _score_sentence(t: dict, score) -> str:
    if not isinstance(score, int) or isinstance(score, bool):
        return ""
    if score <= 4:
        return t["score_low"].format(score=score)
    if score <= 7:
        return t["score_mid"].format(score=score)
    return t["score_high"].format(score=score)


def _wants_by_area(analysis: dict | None) -> dict[str, list[str]]:
    wants: dict[str, list[str]] = {}
    for want in (analysis or {}).get("top_wants") or []:
        if isinstance(want, dict) and want.get("text") and want.get("area_id"):
            wants.setdefault(want["area_id"], []).append(want["text"])
    return wants


def _intro(t: dict, context: dict, horizon: str, areas: list[dict]) -> str:
    years = 3 if horizon == "3y" else 5
    name = (context.get("first_name") or "").strip()
    intro = t[f"intro_{horizon}"].format(year=int(context["current_year"]) + years, name=f"{name}, " if name else "")
    if not name:  # the sentence starts with the lowered word after the year: capitalise it
        head, _, tail = intro.partition(". ")
        intro = f"{head}. {tail[:1].upper()}{tail[1:]}"
    titles = {area["area_id"]: area["title"] for area in context.get("all_areas") or []}
    sentences = [intro]
    analysis = context.get("wants_analysis") or {}
    focus = [a for a in analysis.get("recommended_focus_areas") or [] if a in titles]
    scores = (context.get("life_wheel") or {}).get("scores") or {}
    answered = {area["area_id"] for area in areas}
    scored = sorted((score, area_id) for area_id, score in scores.items() if area_id in answered and type(score) is int)
    if horizon == "3y" and focus:
        marks = "«{}»" if context["locale"] == "ru" else "“{}”"
        sentences.append(t["focus"].format(areas=_join([marks.format(titles[a]) for a in focus], context["locale"])))
    elif horizon == "5y" and scored and scored[0][0] < 10:
        sentences.append(t["lowest"].format(area=titles[scored[0][1]]))
    return " ".join(sentences)


def _paragraphs(t: dict, context: dict, horizon: str, areas: list[dict]) -> list[dict]:
    locale = context["locale"]
    wants = _wants_by_area(context.get("wants_analysis"))
    scores = (context.get("life_wheel") or {}).get("scores") or {}
    items = []
    for area in areas:
        answer = _quote(area["answer"])
        area_wants = wants.get(area["area_id"], [])[:3]
        if horizon == "3y":
            sentences = [
                _pick(t["open_3y"], area["area_id"], area["answer"]).format(title=area["title"], answer=answer),
                _score_sentence(t, scores.get(area["area_id"])),
                t["wants"].format(quotes=_quotes(area_wants, locale)) if area_wants else "",
            ]
        else:
            short = _quote(area["answer"], SNIPPET_MAX_CHARS)
            sentences = [
                _pick(t["open_5y"], area["area_id"], area["answer"], "5y").format(title=area["title"], answer=short),
                t["growth"].get(area["area_id"], t["growth_other"]),
                t["wants_5y"].format(quotes=_quotes(area_wants, locale)) if area_wants else "",
            ]
        items.append(
            {"area_id": area["area_id"], "title": area["title"], "paragraph": " ".join(s for s in sentences if s)}
        )
    return items


@offline_composer("future_story.generate")
def compose_future_story(context: dict, locale: str) -> dict:
    locale = locale_normalize(locale)
    t = TEXTS[locale]
    context = {**context, "locale": locale}
    areas = [area for area in context.get("answers") or [] if (area.get("answer") or "").strip()]
    horizons = {}
    for horizon in ("3y", "5y"):
        by_area = _paragraphs(t, context, horizon, areas)
        full_text = "\n\n".join(
            [_intro(t, context, horizon, areas), *(item["paragraph"] for item in by_area), t[f"outro_{horizon}"]]
        )
        horizons[horizon] = {"full_text": full_text, "by_area": by_area}
    year = int(context["current_year"]) + 5
    images = [
        {
            "image_key": area["area_id"],
            "area_id": area["area_id"],
            "title": t["image_title"].format(title=area["title"], year=year),
            "dall_e_prompt": t["image_prompt"].format(
                title=area["title"], answer=_quote(area["answer"], SNIPPET_MAX_CHARS * 2), color=area.get("color") or ""
            ),
        }
        for area in areas[:IMAGES_MAX_ITEMS]
    ]
    return {"horizons": horizons, "images": images}

"""Offline composer for `wants.analyze`: a deterministic analysis built only from the user's
own words, with no network.

- The stream is split into wants (lines, then sentences).
- Each want is put into an area by keyword stems in Russian and English.
- Intensity grows with repetition of the same want and theme and with emphasis
  ("очень", "обязательно", "!", "really", "must"...).
- Area weight = the sum of its wants' intensities plus mentions in "future me" and the reverse
  answers; the focus is the top three areas by weight.
- Hidden motives come from what the reverse answers (envy, regrets, five years left) add.
- Every text is in the user's locale and quotes the user's own wants.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from apps.ai.offline import offline_composer
from apps.core.locale import locale_normalize

from .constants import AREA_IDS, AREA_TITLES

# Word-start stems per area (a word matches when it starts with the stem) and whole words
# (short or ambiguous ones: "друг" must not catch "другой", "work" must not catch "workout").
AREA_STEMS: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "health": (
        (
            "здоров", "спорт", "сон", "спать", "высып", "бег", "пробеж", "марафон", "трениров", "фитнес",
            "йог", "похуд", "питани", "диет", "врач", "плава", "зож", "зарядк", "самочувств", "тренаж",
            "health", "fitness", "sport", "sleep", "runn", "marathon", "gym", "workout", "yoga", "diet",
            "swim", "doctor", "jog", "exercis", "weight", "energ", "курени", "сигарет", "алкогол", "smok", "cigarett",
            "alcohol",
        ),
        frozenset({"курить", "курю", "вес", "тело", "зал", "спортзал", "run", "runs", "ran", "fit", "body", "healthy"}),
    ),
    "career": (
        (
            "работ", "карьер", "бизнес", "професс", "должност", "повышени", "начальник", "руковод",
            "проект", "компани", "стартап", "зарплат", "офис", "клиент", "коллег", "специалист",
            "предприним", "career", "job", "business", "promot", "salar", "boss", "manag", "startup",
            "compan", "profession", "office", "client", "project", "entrepreneur",
        ),
        frozenset({"дело", "work", "works", "working", "worked", "raise"}),
    ),
    "finance": (
        (
            "деньг", "денег", "доход", "квартир", "ипотек", "долг", "кредит", "накоп", "сбереж", "инвест",
            "богат", "миллион", "рубл", "капитал", "финанс", "бюджет", "заработ", "пассивн", "машин",
            "money", "income", "mortgage", "debt", "loan", "saving", "invest", "wealth", "million",
            "financ", "budget", "earn", "dollar",
        ),
        frozenset({"rich", "apartment", "flat", "car", "save", "купить", "куплю"}),
    ),
    "relationships": (
        (
            "любов", "любим", "партн", "отношен", "свидан", "брак", "свадьб", "девушк", "роман",
            "супруг", "муж", "замуж", "жених", "невест", "love", "partner", "relationship", "girlfriend", "boyfriend", "marri",
            "marry", "wedding", "romanc", "spouse", "dating",
        ),
        frozenset({"жена", "жену", "жены", "женой", "жениться", "парень", "парня", "wife", "husband", "date"}),
    ),
    "family_friends": (
        (
            "семь", "семей", "друз", "родител", "мам", "пап", "ребен", "ребён", "сын", "доч", "брат",
            "сестр", "внук", "бабушк", "дедушк", "детск", "family", "friend", "parent", "mom", "mother",
            "dad", "father", "kid", "child", "daughter", "brother", "sister", "grandm", "grandp",
        ),
        frozenset({"друг", "друга", "другу", "другом", "дети", "детей", "детям", "детьми", "son", "sons"}),
    ),
    "personal_growth": (
        (
            "учить", "учи", "изуч", "учеб", "обучен", "развит", "развив", "книг", "читат", "прочит",
            "язык", "курс", "навык", "образован", "саморазв", "медит", "осознан", "универ", "выучи", "высше",
            "магистр", "диплом", "испанск", "английск", "немецк", "французск", "итальянск", "китайск", "learn",
            "grow", "study", "studi", "book", "language", "course", "skill", "educat", "develop",
            "meditat", "mindful", "universit", "degree", "spanish", "french", "german", "italian",
            "chinese",
        ),
        frozenset({"читать", "read", "reading", "english", "английский"}),
    ),
    "leisure": (
        (
            "путешеств", "отдых", "хобби", "отпуск", "поездк", "поехат", "съезд", "море", "моря", "морск", "рисова",
            "музык", "гитар", "танц", "фотограф", "концерт", "рыбалк", "лыж", "серф", "заграниц", "кино",
            "travel", "trip", "vacation", "holiday", "hobb", "relax", "beach", "mountain", "paint",
            "music", "guitar", "danc", "photo", "concert", "surf", "movie", "abroad", "visit", "piano", "пианин",
            "фортепиан", "посетит",
        ),
        frozenset({"горы", "горах", "игра", "игры", "страна", "страну", "стране", "страны", "стран", "странам", "странах", "sea", "rest", "draw", "drawing", "ski", "skiing", "country", "countries"}),
    ),
    "environment": (
        (
            "дом", "город", "природ", "переех", "переезд", "жиль", "интерьер", "сад", "дач", "район",
            "окружени", "эколог", "уют", "ремонт", "home", "house", "city", "nature", "garden",
            "neighbo", "environment", "interior", "town", "countryside", "relocat",
        ),
        frozenset({"move", "moving"}),
    ),
}

PEOPLE_AREAS = frozenset({"family_friends", "relationships"})
EMPHASIS = (
    "очень", "обязательно", "сильно", "безумно", "мечтаю", "мечта", "главное", "больше всего",
    "really", "very", "must", "badly", "dream", "most of all", "so much",
)
# Leading phrases that are the exercise's frame, not the want itself.
FRAME = re.compile(
    r"^(?:[-*•\d.)\s]+)?(?:(?:я\s+)?(?:очень\s+)?(?:хочу|хотел[аи]?\s+бы|мечтаю)\s*,?\s*"
    r"|i\s+(?:really\s+)?(?:want(?:\s+to)?|wish(?:\s+to)?|would\s+like(?:\s+to)?|dream\s+(?:of|about))\s+)",
    re.IGNORECASE,
)
WORD = re.compile(r"[a-zа-я0-9]+")
SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+")

TEXTS = {
    "ru": {
        "summary": "В потоке — {count} {wants_word}. Больше всего вы пишете о сферах: {areas}. Самое сильное желание — «{top}».",
        "summary_empty": "Поток желаний пока почти пуст: запишите, чего вы хотите, своими словами — анализ станет точнее.",
        "insight": "{area}: {quotes}. {tail}",
        "insight_strong": "Эта сфера звучит у вас сильнее всего — с неё стоит начать.",
        "insight_normal": "Превратите эти желания в одну-две конкретные цели.",
        "insight_reverse": "{area}: в потоке почти нет, но об этом говорят ваши ответы: {quotes}.",
        "envy": "Зависть подсказывает желание, которое вы не записали прямо: «{text}» ({area}).",
        "regrets": "Сожаление показывает, чего вам не хватает: «{text}» ({area}).",
        "what_to_do_5y": "Если бы осталось пять лет, вы бы выбрали «{text}» — это и есть ваш настоящий приоритет ({area}).",
        "hidden_area": "Сфера «{area}» почти не звучит в потоке, но проявляется в ответах — возможно, вы её недооцениваете.",
        "future_me": "В образе себя через годы главное место занимает сфера «{area}».",
        "repeated": "Вы несколько раз возвращаетесь к «{text}» — это желание важнее, чем кажется.",
        "wants_word": ("желание", "желания", "желаний"),
        "other": "Общее",
    },
    "en": {
        "summary": "Your stream holds {count} {wants_word}. You write most about: {areas}. Your strongest want is “{top}”.",
        "summary_empty": "Your wants stream is almost empty: write down what you want in your own words and the analysis will get sharper.",
        "insight": "{area}: {quotes}. {tail}",
        "insight_strong": "This is where your wants are strongest — a good place to start.",
        "insight_normal": "Turn these wants into one or two concrete goals.",
        "insight_reverse": "{area}: hardly in your stream, yet your answers point to it: {quotes}.",
        "envy": "Envy points to a want you did not write down directly: “{text}” ({area}).",
        "regrets": "A regret shows what you miss: “{text}” ({area}).",
        "what_to_do_5y": "With five years left you would choose “{text}” — that is your real priority ({area}).",
        "hidden_area": "{area} hardly appears in your stream but shows up in your answers — you may be underrating it.",
        "future_me": "In the picture of your future self, {area} takes the central place.",
        "repeated": "You keep coming back to “{text}” — this want matters more than it seems.",
        "wants_word": ("want", "wants", "wants"),
        "other": "General",
    },
}


@dataclass
class Want:
    text: str
    key: str
    area_id: str | None
    intensity: int
    order: int
    count: int = 1


def _normalize(text: str) -> str:
    return text.lower().replace("ё", "е")


def area_scores(text: str) -> Counter:
    """How many words of `text` point to each area."""
    scores: Counter = Counter()
    for word in WORD.findall(_normalize(text)):
        for area_id, (stems, words) in AREA_STEMS.items():
            if word in words or word.startswith(stems):
                scores[area_id] += 1
    return scores


def _best(scores: Counter) -> str | None:
    if not scores:
        return None
    best = max(scores.values())
    return next(area_id for area_id in AREA_IDS if scores[area_id] == best)


def classify(text: str) -> str | None:
    return _best(area_scores(text))


def split_wants(stream: str) -> list[str]:
    items = []
    for line in stream.splitlines():
        for sentence in SENTENCE_END.split(line.strip()):
            sentence = sentence.strip()
            if sentence:
                items.append(sentence)
    return items


def _display(text: str) -> str:
    """The want as the user wrote it, without the "I want" frame and trailing punctuation."""
    stripped = FRAME.sub("", text).strip(" \t-–—,.;:!?…") or text.strip()
    stripped = stripped[:1].upper() + stripped[1:]
    return stripped[:200]


def _emphasis(text: str) -> int:
    lowered = _normalize(text)
    bonus = sum(1 for marker in EMPHASIS if marker in lowered)
    bonus += min(text.count("!"), 2)
    if len(text) >= 4 and sum(c.isupper() for c in text) > 0.6 * sum(c.isalpha() for c in text):
        bonus += 1  # SHOUTING
    return min(bonus, 3)


def extract_wants(stream: str) -> list[Want]:
    """Distinct wants in first-seen order, intensity from repetition and emphasis."""
    wants: dict[str, Want] = {}
    for order, sentence in enumerate(split_wants(stream)):
        display = _display(sentence)
        key = " ".join(WORD.findall(_normalize(display)))
        if not key:
            continue
        if key in wants:
            want = wants[key]
            want.count += 1
            want.intensity += 2  # written again: it matters
            want.intensity += _emphasis(sentence)
        else:
            wants[key] = Want(display, key, classify(sentence), 5 + _emphasis(sentence), order)
    found = list(wants.values())
    theme_count = Counter(w.area_id for w in found if w.area_id)
    for want in found:
        if want.area_id:
            want.intensity += min(theme_count[want.area_id] - 1, 2)  # a recurring theme
        want.intensity = max(1, min(10, want.intensity))
    return found


def _quote(text: str, locale: str, limit: int = 80) -> str:
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"«{text}»" if locale == "ru" else f"“{text}”"


def _plural(count: int, forms: tuple[str, str, str], locale: str) -> str:
    if locale != "ru":
        return forms[0] if count == 1 else forms[1]
    if count % 10 == 1 and count % 100 != 11:
        return forms[0]
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return forms[1]
    return forms[2]


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class _Reading:
    """The stream and the answers read into wants and area weights."""

    wants: list[Want]
    classified: list[Want]
    weights: Counter
    stream_areas: set[str]
    future_scores: Counter
    reverse: dict[str, str]
    reverse_areas: dict[str, str | None]
    reverse_scores: dict[str, Counter]

    @cached_property
    def ranked_areas(self) -> list[str]:
        return sorted(self.weights, key=lambda a: (-self.weights[a], AREA_IDS.index(a)))


def _reading(context: dict) -> _Reading:
    """Area weight = its wants' intensities, plus mentions in "future me" (up to 3) and in the
    reverse answers (every area an answer touches; the five-years one counts double)."""
    reverse = {key: (context.get(f"raw_{key}") or "").strip() for key in ("envy", "regrets", "what_to_do_5y")}
    wants = extract_wants(context.get("raw_wants_stream") or "")
    classified = [w for w in wants if w.area_id]
    weights: Counter = Counter()
    for want in classified:
        weights[want.area_id] += want.intensity
    stream_areas = set(weights)
    future_scores = area_scores(context.get("raw_future_me") or "")
    for area_id, hits in future_scores.items():
        weights[area_id] += min(hits, 3)
    reverse_areas: dict[str, str | None] = {}
    reverse_scores: dict[str, Counter] = {}
    for key, text in reverse.items():
        scores = area_scores(text) if text else Counter()
        if key == "envy" and set(scores) - PEOPLE_AREAS:
            # "I envy a friend who travels": the want is the travel, not the friend.
            scores = Counter({a: n for a, n in scores.items() if a not in PEOPLE_AREAS})
        reverse_areas[key] = _best(scores)
        reverse_scores[key] = scores
        for area_id in scores:
            weights[area_id] += 2 if key == "what_to_do_5y" else 1
    return _Reading(wants, classified, weights, stream_areas, future_scores, reverse, reverse_areas, reverse_scores)


def _by_area(reading: _Reading, future_me: str, t: dict, locale: str) -> list[dict]:
    """One insight per weighted area: its strongest wants quoted, else the answers that point to it."""
    by_area = []
    for index, area_id in enumerate(reading.ranked_areas):
        title = AREA_TITLES[area_id][locale]
        own = sorted((w for w in reading.classified if w.area_id == area_id), key=lambda w: (-w.intensity, w.order))
        if own:
            quotes = ", ".join(_quote(w.text, locale) for w in own[:3])
            tail = t["insight_strong"] if index == 0 else t["insight_normal"]
            insight = t["insight"].format(area=title, quotes=quotes, tail=tail)
        else:
            sources = [reading.reverse[k] for k, a in reading.reverse_areas.items() if a == area_id]
            if not sources and reading.future_scores.get(area_id):
                sources = [_snippet(future_me, 80)]
            if not sources:
                continue
            insight = t["insight_reverse"].format(
                area=title, quotes=", ".join(_quote(_snippet(s, 80), locale) for s in sources[:2])
            )
        by_area.append({"area_id": area_id, "insight": insight[:2000]})
    return by_area


def _hidden_motives(reading: _Reading, t: dict, locale: str) -> list[str]:
    """What the reverse answers, "future me" and repetition say beyond the stream."""

    def title(area_id: str) -> str:
        return AREA_TITLES[area_id][locale]

    motives = []
    for key in ("envy", "regrets", "what_to_do_5y"):
        if reading.reverse[key]:
            scores = reading.reverse_scores[key]
            touched = sorted(scores, key=lambda a, sc=scores: (-sc[a], AREA_IDS.index(a)))
            areas = ", ".join(title(a) for a in touched[:3]) or t["other"]
            motives.append(t[key].format(text=_snippet(reading.reverse[key]), area=areas))
    reverse_found = set(filter(None, reading.reverse_areas.values()))
    hidden = [a for a in AREA_IDS if a in reverse_found and a not in reading.stream_areas]
    for area_id in hidden:
        motives.append(t["hidden_area"].format(area=title(area_id)))
    future_scores = reading.future_scores
    if future_scores:
        future_top = max(AREA_IDS, key=lambda a: (future_scores.get(a, 0), -AREA_IDS.index(a)))
        motives.append(t["future_me"].format(area=title(future_top)))
    repeated = sorted((w for w in reading.wants if w.count > 1), key=lambda w: (-w.count, w.order))
    if repeated:
        motives.append(t["repeated"].format(text=_snippet(repeated[0].text, 80)))
    return motives[:10]


@offline_composer("wants.analyze")
def compose_wants_analysis(context: dict, locale: str) -> dict:
    locale = locale_normalize(locale)
    t = TEXTS[locale]
    reading = _reading(context)
    focus = reading.ranked_areas[:3]

    # Top wants: the classified ones by intensity; unclassified only when nothing else is there.
    pool = reading.classified or [
        Want(w.text, w.key, focus[0] if focus else "personal_growth", w.intensity, w.order) for w in reading.wants
    ]
    top = sorted(pool, key=lambda w: (-w.intensity, w.order))[:10]

    if top:
        count = len(reading.wants)
        summary = t["summary"].format(
            count=count,
            wants_word=_plural(count, t["wants_word"], locale),
            areas=", ".join(AREA_TITLES[a][locale] for a in focus),
            top=top[0].text,
        )
    else:
        summary = t["summary_empty"]

    return {
        "summary": summary[:4000],
        "top_wants": [{"text": w.text[:500], "area_id": w.area_id, "intensity": w.intensity} for w in top],
        "by_area": _by_area(reading, context.get("raw_future_me") or "", t, locale),
        "hidden_motives": _hidden_motives(reading, t, locale),
        "recommended_focus_areas": focus,
    }

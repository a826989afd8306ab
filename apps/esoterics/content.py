"""Esoteric domain content per locale (ru, en): names of phases and signs, life-path
meanings, static daily tips and the offline tip composer's phrases. Chosen explicitly by the
user's locale rather than through gettext: it is content, not interface text."""

from datetime import date

from apps.core.locale import DEFAULT_LOCALE


def _pick(table: dict, locale: str):
    return table.get(locale) or table[DEFAULT_LOCALE]


PHASE_NAMES = {
    "ru": {
        "new_moon": "Новолуние",
        "waxing_crescent": "Растущий серп",
        "first_quarter": "Первая четверть",
        "waxing_gibbous": "Растущая луна",
        "full_moon": "Полнолуние",
        "waning_gibbous": "Убывающая луна",
        "last_quarter": "Последняя четверть",
        "waning_crescent": "Убывающий серп",
    },
    "en": {
        "new_moon": "New moon",
        "waxing_crescent": "Waxing crescent",
        "first_quarter": "First quarter",
        "waxing_gibbous": "Waxing gibbous",
        "full_moon": "Full moon",
        "waning_gibbous": "Waning gibbous",
        "last_quarter": "Last quarter",
        "waning_crescent": "Waning crescent",
    },
}

ZODIAC_NAMES = {
    "ru": {
        "aries": "Овен",
        "taurus": "Телец",
        "gemini": "Близнецы",
        "cancer": "Рак",
        "leo": "Лев",
        "virgo": "Дева",
        "libra": "Весы",
        "scorpio": "Скорпион",
        "sagittarius": "Стрелец",
        "capricorn": "Козерог",
        "aquarius": "Водолей",
        "pisces": "Рыбы",
    },
    "en": {
        "aries": "Aries",
        "taurus": "Taurus",
        "gemini": "Gemini",
        "cancer": "Cancer",
        "leo": "Leo",
        "virgo": "Virgo",
        "libra": "Libra",
        "scorpio": "Scorpio",
        "sagittarius": "Sagittarius",
        "capricorn": "Capricorn",
        "aquarius": "Aquarius",
        "pisces": "Pisces",
    },
}

LIFE_PATH_MEANINGS = {
    "ru": {
        1: "Лидер и первопроходец: самостоятельность, смелость начинать новое и вести за собой.",
        2: "Дипломат и партнёр: чуткость, умение слушать и соединять людей.",
        3: "Творец и рассказчик: самовыражение, радость, лёгкость в общении.",
        4: "Строитель: порядок, надёжность, терпеливый труд, который даёт прочный результат.",
        5: "Искатель свободы: перемены, путешествия, любопытство и гибкость.",
        6: "Хранитель: забота, ответственность за близких, гармония дома.",
        7: "Мыслитель: глубина, анализ, поиск смысла и тишина для размышлений.",
        8: "Организатор: амбиции, управление ресурсами, материальный успех.",
        9: "Гуманист: щедрость, служение людям, умение завершать и отпускать.",
        11: "Мастер-число 11 — вдохновитель: интуиция, духовное видение, свет для других.",
        22: "Мастер-число 22 — мастер-строитель: большие замыслы, воплощённые в реальность.",
        33: "Мастер-число 33 — мастер-учитель: сострадание, исцеление и служение через любовь.",
    },
    "en": {
        1: "The leader and pioneer: independence, the courage to start new things and lead.",
        2: "The diplomat and partner: sensitivity, listening and bringing people together.",
        3: "The creator and storyteller: self-expression, joy and ease with people.",
        4: "The builder: order, reliability and patient work that lasts.",
        5: "The freedom seeker: change, travel, curiosity and adaptability.",
        6: "The nurturer: care, responsibility for loved ones, harmony at home.",
        7: "The thinker: depth, analysis, the search for meaning and quiet reflection.",
        8: "The organizer: ambition, managing resources, material success.",
        9: "The humanitarian: generosity, serving others, knowing how to complete and let go.",
        11: "Master number 11, the inspirer: intuition, spiritual insight, a light for others.",
        22: "Master number 22, the master builder: big visions turned into reality.",
        33: "Master number 33, the master teacher: compassion, healing and service through love.",
    },
}

STATIC_TIPS = {
    "ru": (
        "Начните день с одного маленького шага к своей мечте — даже пять минут считаются.",
        "Запишите три вещи, за которые вы благодарны сегодня.",
        "Выберите одно главное дело на день и сделайте его первым.",
        "Сделайте паузу и десять медленных вдохов, прежде чем принять важное решение.",
        "Напишите человеку, который вас вдохновляет, пару тёплых слов.",
        "Уберите одну вещь, которая отвлекает вас от цели.",
        "Вечером отметьте, чему вы научились за день.",
    ),
    "en": (
        "Start the day with one small step towards your dream — even five minutes count.",
        "Write down three things you are grateful for today.",
        "Pick the one most important task of the day and do it first.",
        "Pause for ten slow breaths before making an important decision.",
        "Send a few warm words to someone who inspires you.",
        "Remove one thing that distracts you from your goal.",
        "In the evening, note what you learned today.",
    ),
}

# Offline composer: what the moon phase favours, and what the personal day number favours.
PHASE_ADVICE = {
    "ru": {
        "new_moon": "Новолуние — время намерений: сформулируйте одну цель на ближайший месяц.",
        "waxing_crescent": "Луна растёт — хорошо начинать и делать первые шаги.",
        "first_quarter": "Первая четверть — время решений: уберите одно препятствие на пути к цели.",
        "waxing_gibbous": "Растущая луна набирает силу — доведите до ума то, что уже начато.",
        "full_moon": "Полнолуние — подведите итоги и отметьте то, что уже получилось.",
        "waning_gibbous": "Луна пошла на убыль — поделитесь опытом и поблагодарите тех, кто помог.",
        "last_quarter": "Последняя четверть — время отпускать: завершите или отмените одно лишнее дело.",
        "waning_crescent": "Убывающий серп — берегите силы, отдыхайте и наводите порядок.",
    },
    "en": {
        "new_moon": "The new moon is a time for intentions: name one goal for the coming month.",
        "waxing_crescent": "The moon is waxing — a good time to begin and take first steps.",
        "first_quarter": "First quarter is a time for decisions: clear one obstacle on your way.",
        "waxing_gibbous": "The waxing moon gathers strength — polish what you have already started.",
        "full_moon": "Full moon: take stock and celebrate what has already worked out.",
        "waning_gibbous": "The moon is waning — share what you learned and thank those who helped.",
        "last_quarter": "Last quarter is a time to let go: finish or drop one unnecessary task.",
        "waning_crescent": "The waning crescent asks you to rest, save energy and tidy up.",
    },
}

PERSONAL_DAY_ADVICE = {
    "ru": {
        1: "Ваш личный день 1 — смело начинайте новое.",
        2: "Ваш личный день 2 — ищите союзников и договаривайтесь.",
        3: "Ваш личный день 3 — творите и делитесь идеями.",
        4: "Ваш личный день 4 — планируйте и работайте системно.",
        5: "Ваш личный день 5 — допустите перемены и попробуйте что-то новое.",
        6: "Ваш личный день 6 — уделите время близким и дому.",
        7: "Ваш личный день 7 — побудьте в тишине и подумайте о главном.",
        8: "Ваш личный день 8 — займитесь финансами и важными решениями.",
        9: "Ваш личный день 9 — завершайте начатое и освобождайте место новому.",
        11: "Ваш личный день 11 — доверьтесь интуиции.",
        22: "Ваш личный день 22 — сделайте шаг к большой цели.",
        33: "Ваш личный день 33 — помогите кому-то от души.",
    },
    "en": {
        1: "Your personal day 1 — boldly start something new.",
        2: "Your personal day 2 — look for allies and agree on things.",
        3: "Your personal day 3 — create and share your ideas.",
        4: "Your personal day 4 — plan and work methodically.",
        5: "Your personal day 5 — welcome change and try something new.",
        6: "Your personal day 6 — make time for your loved ones and home.",
        7: "Your personal day 7 — take some quiet time to think about what matters.",
        8: "Your personal day 8 — handle finances and important decisions.",
        9: "Your personal day 9 — finish what you started and make room for the new.",
        11: "Your personal day 11 — trust your intuition.",
        22: "Your personal day 22 — take a step towards a big goal.",
        33: "Your personal day 33 — help someone wholeheartedly.",
    },
}


def phase_name(phase: str, locale: str) -> str:
    return _pick(PHASE_NAMES, locale)[phase]


def zodiac_name(sign: str, locale: str) -> str:
    return _pick(ZODIAC_NAMES, locale)[sign]


def life_path_meaning(number: int, locale: str) -> str:
    return _pick(LIFE_PATH_MEANINGS, locale)[number]


def static_tip(day: date, locale: str) -> str:
    """Rotates through the list by calendar day: the same day always gives the same tip."""
    tips = _pick(STATIC_TIPS, locale)
    return tips[day.toordinal() % len(tips)]


def offline_tip(*, phase: str, personal_day: int | None, first_name: str, locale: str) -> str:
    parts = []
    if first_name:
        parts.append(f"{first_name},")
    parts.append(_pick(PHASE_ADVICE, locale)[phase])
    if personal_day is not None:
        parts.append(_pick(PERSONAL_DAY_ADVICE, locale)[personal_day])
    text = " ".join(parts)
    if first_name:
        # "Anna, The new moon..." → "Anna, the new moon..."
        head, _, tail = text.partition(", ")
        text = f"{head}, {tail[:1].lower()}{tail[1:]}"
    return text

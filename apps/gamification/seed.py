"""The default achievements. `manage.py seed_achievements` creates the missing ones and
leaves existing rows alone, so what an admin edited stays edited."""

from .models import Achievement, Counter

DEFAULT_ACHIEVEMENTS = [
    {
        "code": "first_life_wheel",
        "title_ru": "Колесо баланса",
        "title_en": "Wheel of Life",
        "description_ru": "Оцените сферы жизни в первый раз.",
        "description_en": "Rate the areas of your life for the first time.",
        "icon": "🎡",
        "rule_counter": Counter.LIFE_WHEEL,
        "rule_threshold": 1,
        "xp_reward": 20,
    },
    {
        "code": "wants_completed",
        "title_ru": "Я знаю, чего хочу",
        "title_en": "I Know What I Want",
        "description_ru": "Пройдите упражнение «Хочу» до конца.",
        "description_en": "Finish the Wants exercise.",
        "icon": "✨",
        "rule_counter": Counter.WANTS_COMPLETED,
        "rule_threshold": 1,
        "xp_reward": 50,
    },
    {
        "code": "first_goal",
        "title_ru": "Первая цель",
        "title_en": "First Goal",
        "description_ru": "Поставьте свою первую цель.",
        "description_en": "Set your first goal.",
        "icon": "🎯",
        "rule_counter": Counter.GOALS_CREATED,
        "rule_threshold": 1,
        "xp_reward": 10,
    },
    {
        "code": "goals_done_10",
        "title_ru": "Десять побед",
        "title_en": "Ten Wins",
        "description_ru": "Выполните 10 целей.",
        "description_en": "Complete 10 goals.",
        "icon": "🏆",
        "rule_counter": Counter.GOALS_DONE,
        "rule_threshold": 10,
        "xp_reward": 150,
    },
    {
        "code": "streak_7",
        "title_ru": "Неделя в ритме",
        "title_en": "A Week in Rhythm",
        "description_ru": "Делайте ритуалы 7 дней подряд.",
        "description_en": "Do your rituals 7 days in a row.",
        "icon": "🔥",
        "rule_counter": Counter.STREAK_DAYS,
        "rule_threshold": 7,
        "xp_reward": 70,
    },
    {
        "code": "streak_30",
        "title_ru": "Месяц без пропусков",
        "title_en": "A Month Without a Miss",
        "description_ru": "Делайте ритуалы 30 дней подряд.",
        "description_en": "Do your rituals 30 days in a row.",
        "icon": "💎",
        "rule_counter": Counter.STREAK_DAYS,
        "rule_threshold": 30,
        "xp_reward": 300,
    },
    {
        "code": "first_vision_image",
        "title_ru": "Образ мечты",
        "title_en": "Picture of a Dream",
        "description_ru": "Создайте первое изображение своего будущего.",
        "description_en": "Create your first image of your future.",
        "icon": "🖼️",
        "rule_counter": Counter.IMAGES,
        "rule_threshold": 1,
        "xp_reward": 15,
    },
    {
        "code": "first_weekly_review",
        "title_ru": "Взгляд назад",
        "title_en": "Looking Back",
        "description_ru": "Проведите первый недельный обзор.",
        "description_en": "Complete your first weekly review.",
        "icon": "📅",
        "rule_counter": Counter.WEEKLY_REVIEWS,
        "rule_threshold": 1,
        "xp_reward": 30,
    },
    {
        "code": "level_5",
        "title_ru": "Пятый уровень",
        "title_en": "Level 5",
        "description_ru": "Достигните 5-го уровня.",
        "description_en": "Reach level 5.",
        "icon": "⭐",
        "rule_counter": Counter.LEVEL,
        "rule_threshold": 5,
        "xp_reward": 100,
    },
]


def achievements_seed() -> list[str]:
    """Create the default achievements that do not exist yet (by code); return their codes.
    Existing rows are never changed."""
    created = []
    for order_index, spec in enumerate(DEFAULT_ACHIEVEMENTS, start=1):
        fields = {k: v for k, v in spec.items() if k != "code"}
        _, was_created = Achievement.objects.get_or_create(
            code=spec["code"], defaults={**fields, "order_index": order_index * 10}
        )
        if was_created:
            created.append(spec["code"])
    return created

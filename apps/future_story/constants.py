"""Domain constants of the future story: the interview questions and the limits of texts."""

HORIZONS: tuple[str, ...] = ("3y", "5y")

QUESTION_MAX_CHARS = 1_000
ANSWER_MAX_CHARS = 10_000
FULL_TEXT_MAX_CHARS = 50_000
PARAGRAPH_MAX_CHARS = 10_000
TITLE_MAX_CHARS = 200
BY_AREA_MAX_ITEMS = 50
IMAGES_MAX_ITEMS = 12
IMAGE_KEY_MAX_CHARS = 64
IMAGE_PROMPT_MAX_CHARS = 4_000
# How much of each answer goes into the AI context (bounds the prompt's cost).
AI_CONTEXT_ANSWER_MAX_CHARS = 4_000

# One interview question per default area; an area an admin adds gets QUESTION_FALLBACK.
QUESTIONS: dict[str, dict[str, str]] = {
    "health": {
        "ru": "Представьте себя через 3–5 лет в отличной форме. Как вы себя чувствуете, как выглядит ваш обычный день — сон, движение, еда, энергия?",
        "en": "Picture yourself in great shape 3–5 years from now. How do you feel, and what does an ordinary day look like — sleep, movement, food, energy?",
    },
    "career": {
        "ru": "Чем вы занимаетесь через 3–5 лет? Какое дело приносит вам смысл и признание, с кем вы работаете?",
        "en": "What do you do for a living 3–5 years from now? What work gives you meaning and recognition, and who do you work with?",
    },
    "finance": {
        "ru": "Каким стало ваше финансовое положение через 3–5 лет? Сколько вы зарабатываете, что накопили, что можете себе позволить?",
        "en": "What does your financial life look like 3–5 years from now? What do you earn, what have you saved, what can you afford?",
    },
    "relationships": {
        "ru": "Какие у вас отношения через 3–5 лет? Кто рядом с вами и что вы чувствуете вместе?",
        "en": "What is your love life like 3–5 years from now? Who is beside you, and how does it feel to be together?",
    },
    "family_friends": {
        "ru": "Как вы проводите время с семьёй и друзьями через 3–5 лет? Кто эти люди и что вы делаете вместе?",
        "en": "How do you spend time with family and friends 3–5 years from now? Who are they, and what do you do together?",
    },
    "personal_growth": {
        "ru": "Чему вы научились за 3–5 лет? Какие навыки, знания или привычки сделали вас другим человеком?",
        "en": "What have you learned in these 3–5 years? Which skills, knowledge or habits have changed who you are?",
    },
    "leisure": {
        "ru": "Как вы отдыхаете через 3–5 лет? Где вы бываете, какие у вас увлечения и что приносит вам радость?",
        "en": "How do you rest 3–5 years from now? Where do you go, what are your hobbies, and what brings you joy?",
    },
    "environment": {
        "ru": "Где и как вы живёте через 3–5 лет? Опишите свой дом, город и людей вокруг.",
        "en": "Where and how do you live 3–5 years from now? Describe your home, your town and the people around you.",
    },
}

QUESTION_FALLBACK = {
    "ru": "Какой вы видите сферу «{title}» в своей жизни через 3–5 лет? Опишите её так, будто это уже произошло.",
    "en": "What does “{title}” look like in your life 3–5 years from now? Describe it as if it had already happened.",
}

import re
from datetime import date

from rest_framework import serializers

from apps.core.validation import BoundedDateField, DateWindow, StrictCharField

from ..moon import PHASES, ZODIAC_SIGNS

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)
TIP_DATES = DateWindow(earliest=MIN_DATE, latest=MAX_DATE)  # any day a tip can be asked for


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class StrictQueryDateField(BoundedDateField):
    """Exactly YYYY-MM-DD in ASCII digits. `strptime` alone also takes `2025-1-1` and
    full-width digits (`２０２５-01-01`), and DRF reads an empty `date=` as "absent"."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary and dictionary[self.field_name] == "":
            return ""
        return super().get_value(dictionary)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class EsotericsTodayInputSerializer(serializers.Serializer):
    date = StrictQueryDateField(
        window=TIP_DATES,
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Local calendar day, YYYY-MM-DD; default: today in the user's time zone.",
    )


class EsotericsMoonOutputSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=PHASES)
    phase_name = StrictCharField(help_text="The phase in the user's locale.")
    illumination = serializers.FloatField(min_value=0, max_value=1, help_text="Illuminated fraction at local noon.")
    age_days = serializers.FloatField(help_text="Days since the previous new moon, at local noon.")
    lunar_day = serializers.IntegerField(min_value=1, max_value=30, help_text="floor(age_days) + 1, at most 30.")
    zodiac_sign = serializers.ChoiceField(choices=ZODIAC_SIGNS, help_text="Tropical sign of the moon at local noon.")
    zodiac_sign_name = StrictCharField(help_text="The sign in the user's locale.")


class EsotericsNumerologyOutputSerializer(serializers.Serializer):
    life_path_number = serializers.IntegerField()
    personal_year = serializers.IntegerField()
    personal_month = serializers.IntegerField()
    personal_day = serializers.IntegerField()
    meaning = StrictCharField(help_text="The life path number's meaning in the user's locale.")


class EsotericsDailyTipOutputSerializer(serializers.Serializer):
    text = StrictCharField(help_text="The same text as `daily_ai_tip`.")
    source = serializers.ChoiceField(
        choices=["static", "ai"], help_text="`static` until the day's AI tip is ready (or without a birth date)."
    )
    date = serializers.DateField(help_text="The local day the tip is for.")


class EsotericsTodayOutputSerializer(serializers.Serializer):
    date = serializers.DateField()
    moon = EsotericsMoonOutputSerializer()
    numerology = EsotericsNumerologyOutputSerializer(allow_null=True, help_text="null without a date of birth.")
    daily_ai_tip = StrictCharField(help_text="The day's tip as text, as the seed's clients read it (see `daily_tip`).")
    daily_tip = EsotericsDailyTipOutputSerializer(help_text="The same tip with its provenance.")

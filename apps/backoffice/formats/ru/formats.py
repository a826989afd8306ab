# Compact dates for the admin's tables (Django's Russian default is "j E Y г. G:i").
DATETIME_FORMAT = "d.m.Y H:i"
DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"

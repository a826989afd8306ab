"""Timestamps read from PostgreSQL by psycopg's C loader.

Django (5.2) reads every `timestamptz` with a Python subclass of psycopg's pure-Python
loader, so that it can set its own tzinfo: ~3.2 µs of CPU per value against ~0.4 µs for the
C loader of psycopg-binary (measured: bench/PROFILE.md). A list of 20 rows with three to eight
timestamps each spent 0.2-0.5 ms there. When Django's connection zone is UTC (USE_TZ, no
per-database TIME_ZONE: Django sets the session's TimeZone to UTC), the C loader returns the
same values with the same tzinfo (`datetime.timezone.utc`), so it is registered in Django's
adapters template instead; anything else keeps Django's loader.
"""

import datetime

from django.conf import settings

POSTGRESQL_ENGINES = ("django.db.backends.postgresql", "apps.core.postgresql")


def use_c_timestamp_loader() -> bool:
    """Register the C loader for `timestamptz` in Django's adapters template when that is
    equivalent (see above); True when it did."""
    database = settings.DATABASES.get("default", {})
    if database.get("ENGINE") not in POSTGRESQL_ENGINES or not settings.USE_TZ or database.get("TIME_ZONE"):
        return False
    try:
        import psycopg
        from django.db.backends.postgresql.psycopg_any import get_adapters_template
    except ImportError:  # psycopg2: not this code's concern
        return False
    if psycopg.pq.__impl__ not in ("c", "binary"):
        return False
    oid = psycopg.postgres.types["timestamptz"].oid
    c_loader = psycopg.adapters.get_loader(oid, psycopg.pq.Format.TEXT)  # a final C class

    class UTCTimestamptzLoader(psycopg.adapt.Loader):
        timezone = datetime.UTC  # Django's create_cursor compares it with its own zone

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._c_load = c_loader(oid, context).load

        def load(self, data):
            return self._c_load(data)

    get_adapters_template(True, datetime.UTC).register_loader("timestamptz", UTCTimestamptzLoader)
    return True

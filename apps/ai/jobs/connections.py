"""The database connection around a long wait: an AI call or a request waiting for its job."""

from django.db import connection


def release_pooled_connection() -> None:
    """Give this thread's connection back to the pool (cheap) when the database is pooled;
    without a pool keep it: reconnecting costs more than the idle connection."""
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        release_db_connection()


def release_db_connection() -> None:
    """Close this thread's database connection before a long sleep or network wait, unless a
    transaction (or a test's) is open; the next query reconnects."""
    if not connection.in_atomic_block:
        connection.close()

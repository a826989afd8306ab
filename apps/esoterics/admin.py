"""Esoterics keeps no rows of its own: the only per-user data, the day's stored tip, is a
column of the user (`daily_tip_cache`), seen in the accounts admin."""

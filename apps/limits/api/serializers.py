"""Limits has no endpoint of its own: a user's quota usage is part of GET /me (accounts)."""

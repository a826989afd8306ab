"""Typed failures of the AI layer. Endpoints map them to their own `*_AI_TIMEOUT` (504) and
`*_AI_FAILED` / `*_AI_BAD_RESPONSE` (502) codes."""


class AIError(Exception):
    """The AI service failed or answered with something unusable."""


class AITimeout(AIError):
    """The AI service did not answer in time (after retries)."""


class AIBadResponse(AIError):
    """The answer could not be used: invalid JSON twice, wrong shape, not an image."""


class AIUnavailable(AIError):
    """The AI service could not be reached (connection refused, reset, DNS)."""

"""A read's whole answer cached per user, stale at once after any write it depends on.

    {name}:answer:{user_id} = (generation, stamp, body)
    {name}:gen:{user_id}    = the user's generation of `name` (a random token)

A write the answer depends on sets a new generation (`renew`, now and again after commit).
A cached answer counts only when it carries the generation read in the same MGET (a hot view
lists `keys()` in its `cache_prefetch`, so both come with the session check) and the `stamp`
it was built for (e.g. the user's local date and time zone). A reader caches under the
generation it read BEFORE its queries, so an answer built while a write was committing is
stale on arrival. Users: GET /rituals/today and GET /gamification/profile.
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache

from .caching import answer_caches_on, now_and_after_commit

GENERATION_SECONDS = 24 * 3600  # outlives every answer cached under it


class UserAnswerCache:
    def __init__(self, name: str, seconds: int = 300):
        self.name = name
        self.seconds = seconds

    def keys(self, user_id) -> list[str]:
        """[the answer's key, the generation's key]: what the view prefetches."""
        return [f"{self.name}:answer:{user_id}", f"{self.name}:gen:{user_id}"]

    def get_or_build(self, user_id, *, found: dict, stamp: tuple, build: Callable[[], tuple[dict, bool]]) -> dict:
        """The cached body when it is current, else `build()` -> (body, cacheable). `found`: the
        values of `keys()` as read (apps/core/prefetch.py)."""
        if not answer_caches_on():
            return build()[0]
        answer_key, generation_key = self.keys(user_id)
        generation, answer = found.get(generation_key), found.get(answer_key)
        if generation is not None and isinstance(answer, tuple) and answer[:2] == (generation, stamp):
            return answer[2]
        if generation is None:
            generation = uuid.uuid4().hex
            if not cache.add(generation_key, generation, GENERATION_SECONDS):
                generation = None  # set by another request meanwhile: answer, but do not cache
        body, cacheable = build()
        if generation is not None and cacheable:
            cache.set(answer_key, (generation, stamp, body), self.seconds)
        return body

    def renew(self, user_id) -> None:
        """Something the answer shows changed: a new generation, now and after commit."""
        key = self.keys(user_id)[1]

        now_and_after_commit(lambda c: c.set(key, uuid.uuid4().hex, GENERATION_SECONDS), reason=f"renew {key}")

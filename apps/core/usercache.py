"""The one scheme of every cached answer: a generation per owner, renewed by the writes.

    {name}:gen:{owner}             = the owner's generation of `name` (a random token)
    {name}:answer:{owner}[:{part}] = (generation, stamp, body)

`owner` is a user's id, or ALL for an answer everyone shares (the leaderboard, the areas
catalog, the admin overview); `part` tells apart answers under one generation (the areas list
and each area). Users: /me, /rituals/today, /gamification/profile, the leaderboard, wants
progress, areas, the admin overview, and the user half of the session check
(apps/accounts/cache.py).

- A cached answer counts only when it carries the generation read in the same MGET (a hot
  view lists `prefetch()` in its `cache_prefetch`, so both come with the session check) and
  the `stamp` it was built for (e.g. the user's local date and time zone).
- A reader caches under the generation it read BEFORE its queries (or, when there was none,
  under a new one it `add`s — never over another's), so an answer built while a write was
  committing is stale on arrival.
- Invalidation: the SERVICE that writes what an answer shows calls `renew(owner)`: a new
  generation now and again after commit (apps/core/caching.py); a renewal that cannot reach
  the cache moves the cache epoch (apps/core/cacheepoch.py). Signal receivers only where rows
  are written by Django admin or by another app that cannot call the owner of the cache (a
  lower layer, Django's own commands); each app lists them in its `signals.py` and says why.
- ANSWER_CACHES=false turns every one of them off (`optional=False`: the session check and the
  spec's areas catalog cache, which are not read's answers a bench must see built).
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache

from .caching import answer_caches_on, now_and_after_commit

ALL = "all"  # the owner of an answer everyone shares
GENERATION_SECONDS = 7 * 24 * 3600  # outlives every answer cached under it by far
MISS = object()  # what `lookup` answers when nothing current is cached


def _new_generation() -> str:
    return uuid.uuid4().hex


class AnswerCache:
    def __init__(self, name: str, seconds: int = 300, *, optional: bool = True):
        """`seconds`: how long an answer lives; `optional`: off with ANSWER_CACHES=false."""
        self.name = name
        self.seconds = seconds
        self.optional = optional

    def on(self) -> bool:
        return not self.optional or answer_caches_on()

    def keys(self, owner=ALL, part: str = "") -> list[str]:
        """[the answer's key, the generation's key]: what a view prefetches."""
        answer = f"{self.name}:answer:{owner}:{part}" if part else f"{self.name}:answer:{owner}"
        return [answer, f"{self.name}:gen:{owner}"]

    def prefetch(self, owner=ALL, part: str = "") -> list[str]:
        """What a view names in its `cache_prefetch` (apps/core/prefetch.py): `keys()`, or
        nothing while the cache is off."""
        return self.keys(owner, part) if self.on() else []

    def read(self, owner=ALL, *, part: str = "", found: dict | None = None, also=()) -> dict:
        """{key: value or None} of `keys()` (and `also`): `found` when it holds them all (the
        values authentication prefetched, apps/core/prefetch.py), else one MGET."""
        keys = [*self.keys(owner, part), *also]
        if found is not None and all(key in found for key in keys):
            return found
        values = cache.get_many(keys)
        return {key: values.get(key) for key in keys}

    def lookup(self, owner=ALL, *, found: dict, part: str = "", stamp: tuple = ()) -> tuple:
        """(the cached body, or MISS unless it carries the generation read with it and
        `stamp`; the generation as read, None when there is none yet)."""
        answer_key, generation_key = self.keys(owner, part)
        generation, answer = found.get(generation_key), found.get(answer_key)
        if generation is not None and type(answer) is tuple and len(answer) == 3 and answer[:2] == (generation, stamp):
            return answer[2], generation
        return MISS, generation

    def fill(self, owner=ALL, *, generation, body, part: str = "", stamp: tuple = (), seconds: int | None = None) -> None:
        """Cache `body` under the generation read before building it; with none read, under a
        new one — unless another request (a renewal) set one meanwhile: then not at all."""
        answer_key, generation_key = self.keys(owner, part)
        if generation is None:
            generation = _new_generation()
            if not cache.add(generation_key, generation, GENERATION_SECONDS):
                return
        cache.set(answer_key, (generation, stamp, body), self.seconds if seconds is None else seconds)

    def get_or_build(
        self,
        owner=ALL,
        *,
        build: Callable[[], object],
        part: str = "",
        stamp: tuple = (),
        found: dict | None = None,
        cacheable: Callable[[object], bool] | None = None,
    ):
        """The cached body when it is current, else `build()` (cached unless `cacheable(body)`
        says no). `found`: the prefetched values (apps/core/prefetch.py), if any."""
        if not self.on():
            return build()
        body, generation = self.lookup(owner, found=self.read(owner, part=part, found=found), part=part, stamp=stamp)
        if body is not MISS:
            return body
        body = build()
        if cacheable is None or cacheable(body):
            self.fill(owner, generation=generation, body=body, part=part, stamp=stamp)
        return body

    def renew(self, owner=ALL) -> None:
        """Something the owner's answers show changed: a new generation, now and after commit."""
        key = self.keys(owner)[1]
        now_and_after_commit(lambda c: c.set(key, _new_generation(), GENERATION_SECONDS), reason=f"renew {key}")


"""Who a caller is, remembered for a few seconds: the (client, practice, professional) standing every
proxied call needs was a database round trip per call.

A roster change made through this process forgets its practice at once; one made elsewhere (another
gateway, `python -m gateway.manage`) is seen within `ttl` seconds (GATEWAY_STANDING_CACHE_SECONDS).
"""

from gateway.domain.calls import Standing
from servicekit.expiring import ExpiringCache

StandingKey = tuple[str, str | None, str | None]  # client id, practice id, professional's RPPS


class StandingCache:
    def __init__(self, ttl: float, max_entries: int = 10_000) -> None:
        self.ttl = ttl
        self._known: ExpiringCache[StandingKey, Standing] = ExpiringCache(max_entries)

    def get(self, key: StandingKey, now: float) -> Standing | None:
        return self._known.get(key, now)

    def put(self, key: StandingKey, standing: Standing, now: float) -> None:
        if self.ttl > 0:
            self._known.put(key, standing, now + self.ttl)

    def forget_practice(self, practice_id: str) -> None:
        self._known.forget(lambda key: key[1] == practice_id)

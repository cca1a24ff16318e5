"""Who a caller is, remembered for a few seconds: the (client, practice, professional) standing every
proxied call needs was a database round trip per call.

A roster change made through this process forgets its practice at once; one made elsewhere (another
gateway, `python -m gateway.manage`) is seen within `ttl` seconds (GATEWAY_STANDING_CACHE_SECONDS).
"""

from collections import OrderedDict

from gateway.domain.calls import Standing

StandingKey = tuple[str, str | None, str | None]  # client id, practice id, professional's RPPS


class StandingCache:
    def __init__(self, ttl: float, max_entries: int = 10_000) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._known: OrderedDict[StandingKey, tuple[Standing, float]] = OrderedDict()

    def get(self, key: StandingKey, now: float) -> Standing | None:
        known = self._known.get(key)
        if known is None:
            return None
        if now >= known[1]:
            del self._known[key]
            return None
        return known[0]

    def put(self, key: StandingKey, standing: Standing, now: float) -> None:
        if self.ttl <= 0:
            return
        self._known[key] = (standing, now + self.ttl)
        self._known.move_to_end(key)
        while len(self._known) > self.max_entries:
            self._known.popitem(last=False)

    def forget_practice(self, practice_id: str) -> None:
        for key in [key for key in self._known if key[1] == practice_id]:
            del self._known[key]

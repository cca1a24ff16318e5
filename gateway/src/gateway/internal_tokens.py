"""The internal tokens the gateway forwards: one per caller, reused while most of its lifetime is left.

Signing (ES256) per call cost the gateway and verifying it cost the service on every request; a
caller's context (client, practice, professional, role) is the same from one call to the next, and
services verify a token once (servicekit.auth.InternalTokenVerifier). The request id travels in
`X-Request-Id`, not in the reused token.
"""

from collections import OrderedDict

from joserfc.jwk import ECKey

from servicekit.auth import CallerContext, mint_internal_token


class InternalTokens:
    """Mints a caller's internal token, or hands back the one minted for it while more than half of
    its lifetime is left (at most `max_callers` remembered)."""

    def __init__(
        self, key: ECKey, *, issuer: str, audience: str, lifetime: int, max_callers: int = 4096
    ) -> None:
        self.key = key
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
        self.max_callers = max_callers
        self._minted: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def for_caller(self, caller: CallerContext, *, now: float) -> str:
        anonymous = caller.model_copy(update={"request_id": None})
        name = anonymous.model_dump_json()
        known = self._minted.get(name)
        if known is not None and now < known[1]:
            self._minted.move_to_end(name)
            return known[0]
        token = mint_internal_token(
            self.key, anonymous, issuer=self.issuer, audience=self.audience, lifetime=self.lifetime, now=now
        )
        self._minted[name] = (token, now + self.lifetime / 2)
        while len(self._minted) > self.max_callers:
            self._minted.popitem(last=False)
        return token

"""Single use of an apCV payload: how long its nonce must be remembered (DOMAIN.md §4)."""

from datetime import datetime, timedelta


def nonce_kept_until(expires_at: datetime, leeway: timedelta) -> datetime:
    """A spent nonce is remembered as long as its payload could still verify: exp plus the skew leeway."""
    return expires_at + leeway

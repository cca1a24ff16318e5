"""The keys `python -m gateway.keys` writes for local runs: made once, private, reused at every start."""

import stat
from pathlib import Path

from gateway.adapters.psc import PscVerifier, StaticKeys
from gateway.adapters.psc_sandbox import SandboxPscIssuer, sandbox_professional
from gateway.keys import ensure_key_pair, ensure_sandbox_psc_key


def test_keys_are_written_once_readable_by_their_owner_only(tmp_path: Path) -> None:
    private, public = ensure_key_pair(tmp_path)
    sandbox = ensure_sandbox_psc_key(tmp_path)
    written = {path: path.read_bytes() for path in (private, public, sandbox)}

    assert ensure_key_pair(tmp_path) == (private, public)
    assert ensure_sandbox_psc_key(tmp_path) == sandbox
    assert {path: path.read_bytes() for path in written} == written, "never regenerated"
    for path in (private, sandbox):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_sandbox_id_token_outlives_the_gateway_that_minted_it(tmp_path: Path) -> None:
    pem = ensure_sandbox_psc_key(tmp_path).read_text()
    before = SandboxPscIssuer("https://psc.example", "dentalink", pem)
    token = before.mint(sandbox_professional("dentist"), client_id="vendor", lifetime=600)

    after_restart = SandboxPscIssuer("https://psc.example", "dentalink", pem)
    verifier = PscVerifier(StaticKeys(after_restart.key_set), "https://psc.example", "dentalink")

    professional = await verifier.verify(token, client_id="vendor")
    assert professional.rpps == sandbox_professional("dentist").rpps

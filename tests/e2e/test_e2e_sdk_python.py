"""The scenario's first steps through the Python SDK (clients/python, issue 16): a client-credentials
token, a sandbox PSC token, the sandbox patient's identity qualified (create → INSi lookup →
document check → QUAL) and read back, the practice's identities listed page by page, an apCV
session opened. Only the SDK talks to the gateway; SandboxPractice registers the vendor client."""

import pytest

from dentalink_sdk import ApiError, Dentalink
from gateway.sandbox_client import SandboxPractice
from servicekit.testing import GATEWAY, SANDBOX_MATRICULE, SANDBOX_TYPED_TRAITS, key, until

pytestmark = pytest.mark.e2e

MATRICULE, TYPED_TRAITS = SANDBOX_MATRICULE, SANDBOX_TYPED_TRAITS
OTHER_TRAITS = {  # another fictitious patient (as in test_e2e_refusals.py), left PROV
    "birth_name": "Legrand",
    "birth_first_names": "Paul André",
    "birth_date": "1985-03-14",
    "sex": "M",
    "birth_place_code": "75113",
}


async def test_the_scenario_through_the_python_sdk() -> None:
    async with (
        SandboxPractice.open(GATEWAY) as practice,
        Dentalink(GATEWAY, practice.client_id, practice.client_secret) as sdk,
    ):
        # 1. Tokens: the vendor's (client credentials, cached), then the dentist's sandbox PSC token.
        assert await sdk.access_token() == await sdk.access_token()
        minted = await sdk.sandbox.mint_psc_token(body={"professional": "dentist"})
        dentist = sdk.as_professional(minted.id_token, practice.practice_id)

        # 2. INS: typed traits → INSi lookup (RECUP) → passport checked (QUAL), read back.
        identity = await dentist.identities.create(body=TYPED_TRAITS)
        assert identity.status == "PROV"
        lookup = await dentist.identities.look_up_insi(identity.id, body={"method": "traits"})
        assert lookup.identity.status == "RECUP"
        recup = await dentist.identities.get(identity.id)
        assert recup.status == "RECUP"
        assert recup.ins is not None and recup.ins.matricule == MATRICULE
        checked = await dentist.identities.check_document(identity.id, body={"document": "passport"})
        assert checked.identity.status == "QUAL"
        qualified = await dentist.identities.get(identity.id)
        assert qualified.status == "QUAL"
        assert qualified.may_reference_health_data is True

        # 3. A creation repeated with its Idempotency-Key is answered with the first outcome.
        creation = key()
        other = await dentist.identities.create(body=OTHER_TRAITS, idempotency_key=creation)
        again = await dentist.identities.create(body=OTHER_TRAITS, idempotency_key=creation)
        assert again.id == other.id
        with pytest.raises(ApiError) as duplicate:  # a new key: a new creation, refused as a duplicate
            await dentist.identities.create(body=OTHER_TRAITS)
        assert (duplicate.value.status, duplicate.value.kind) == (409, "duplicate-identity")

        # 4. The practice's identities, one per page: the iterator follows next_cursor.
        pages = [page async for page in dentist.identities.list.pages(limit=1)]
        assert [len(page.items) for page in pages] == [1, 1]
        listed = {item.id async for item in dentist.identities.list.items(limit=1)}
        assert listed == {identity.id, other.id}

        # 5. e-carte Vitale, once the DMP record exists (IdentityQualified has crossed Kafka).
        await until(
            lambda: dentist.documents.list.detailed(MATRICULE),
            lambda r: r.status_code == 200,
            what="the DMP record",
        )
        payload = await dentist.sandbox.mint_apcv_payload(body={"patient": "dartagnan-single"})
        session = await dentist.apcv_sessions.open(
            body={"payload": payload.payload, "beneficiary_nir": MATRICULE, "reading_mode": "qr"}
        )
        assert session.status == "open"
        assert (await dentist.apcv_sessions.get(session.id)).status == "open"

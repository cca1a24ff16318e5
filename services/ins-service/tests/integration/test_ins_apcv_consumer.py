"""ApcvSessionOpened qualifies the beneficiary's identity with method AV, INSi not called (issue 3)."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from dentalink_contracts import Ins, InsOid, patient_key
from dentalink_contracts.events import (
    ApcvBeneficiary,
    ApcvSessionOpened,
    IdentityQualified,
    IdentityStatusChanged,
)
from dentalink_contracts.sealing import development_field_keys
from ins_service.testing import Practice
from servicekit.settings import DEV_PSEUDONYM_SECRET
from servicekit.testing import EventProbe, eventually, send_event

pytestmark = pytest.mark.integration
KEYS = development_field_keys()

NIR = "280012A00400712"


def session_opened(
    practice_id: str,
    *,
    with_ins: bool = True,
    birth_name: str = "D'ARTAGNAN DE L'HERAULT",
    first_names: str = "MARIE-HELENE",
) -> ApcvSessionOpened:
    opened = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    return ApcvSessionOpened(
        session_id=uuid.uuid4(),
        practice_id=practice_id,
        practitioner_rpps="10009876543",
        patient_key=patient_key(NIR, DEV_PSEUDONYM_SECRET.encode()),
        beneficiary=KEYS.seal(
            ApcvBeneficiary(
                nir=NIR,
                birth_name=birth_name,
                first_names=first_names,
                birth_date=date(1980, 1, 30),
                sex="F",
                birth_place_code="2A004",
                quality="ouvrant_droit",
                insurer="011200000",
                ins=Ins(matricule=NIR, oid=InsOid.NIR_TEST) if with_ins else None,
            ),
            ApcvSessionOpened,
            "beneficiary",
        ),
        opened_at=opened,
        expires_at=opened + timedelta(minutes=30),
    )


async def test_an_apcv_session_qualifies_the_typed_identity_with_method_av(practice: Practice) -> None:
    created = await practice.create(
        birth_name="d'Artagnan de l'Hérault",
        birth_first_names="Marie-Hélène",
        birth_date="1980-01-30",
        sex="F",
    )
    mine = lambda event: event.practice_id == practice.practice_id  # noqa: E731
    async with EventProbe(IdentityQualified, mine) as qualified:
        event = session_opened(practice.practice_id)
        event_id = await send_event(event, key=event.patient_key)
        (first,) = await qualified.wait_for(1)
        await send_event(event, key=event.patient_key, event_id=event_id)  # redelivery
        assert len(await qualified.settle(2.0)) == 1
    assert first.identity_id == uuid.UUID(created["id"])
    assert KEYS.open(first.ins, first, "ins").matricule == NIR
    assert first.patient_key == event.patient_key  # the same pseudonym vitale-service used
    identity = await practice.get(f"/v1/identities/{created['id']}")
    assert (identity["status"], identity["validation_mode"]) == ("QUAL", "AV")
    assert identity["insi_traits"]["birth_name"] == "D'ARTAGNAN DE L'HERAULT"
    history = await practice.get(f"/v1/identities/{created['id']}/history")
    entry = history["items"][-1]
    assert (entry["kind"], entry["apcv_session_reference"]) == ("apcv-qualified", str(event.session_id))
    assert entry["insi_operation"] is None  # INSi was not called
    # An apCV identity never calls INSi afterwards.
    response = await practice.http.post(
        f"/v1/identities/{created['id']}/insi-lookups", json={}, headers=practice.headers()
    )
    assert response.json()["type"] == "https://dentalink.fr/problems/insi-not-for-apcv-identity"


async def test_an_unknown_beneficiary_is_created_directly_as_qual(practice: Practice) -> None:
    mine = lambda event: event.practice_id == practice.practice_id  # noqa: E731
    async with (
        EventProbe(IdentityQualified, mine) as qualified,
        EventProbe(IdentityStatusChanged, mine) as changed,
    ):
        event = session_opened(practice.practice_id)
        await send_event(event, key=event.patient_key)
        (first,) = await qualified.wait_for(1)
        assert len(await qualified.settle()) == 1
        assert changed.seen == []  # straight to QUAL: no PROV event
    found = await practice.get("/v1/identities", matricule=NIR)
    (identity,) = found["items"]
    assert identity["id"] == str(first.identity_id)
    assert (identity["status"], identity["collection_method"]) == ("QUAL", "AV")


async def test_a_beneficiary_without_ins_qualifies_nothing(practice: Practice) -> None:
    event = session_opened(practice.practice_id, with_ins=False)
    marker = session_opened(practice.practice_id)
    await send_event(event, key=event.patient_key)
    await send_event(marker, key=marker.patient_key)  # same partition, after it

    async def marker_processed() -> None:
        found = await practice.get("/v1/identities")
        assert len(found["items"]) == 1

    await eventually(marker_processed)
    history = await practice.get(
        f"/v1/identities/{(await practice.get('/v1/identities'))['items'][0]['id']}/history"
    )
    assert [entry["apcv_session_reference"] for entry in history["items"]][-1] == str(marker.session_id)


async def test_the_longest_names_vitale_accepts_qualify_an_identity(practice: Practice) -> None:
    # vitale-service's NAME_MAX_LENGTH: 100 characters, accents included.
    birth_name, first_names = "D'É" + "A" * 97, "ÉLO " * 24 + "ÉLOÉ"
    mine = lambda event: event.practice_id == practice.practice_id  # noqa: E731
    async with EventProbe(IdentityQualified, mine) as qualified:
        event = session_opened(practice.practice_id, birth_name=birth_name, first_names=first_names)
        await send_event(event, key=event.patient_key)
        (first,) = await qualified.wait_for(1)
    identity = await practice.get(f"/v1/identities/{first.identity_id}")
    assert identity["typed_traits"]["birth_name"] == birth_name
    assert identity["insi_traits"]["birth_first_names"] == first_names.replace("É", "E")


async def test_a_name_too_long_once_spelt_out_is_a_422_not_a_500(practice: Practice) -> None:
    response = await practice.http.post(
        "/v1/identities",
        json={"birth_name": "Martin", "birth_first_names": "ß" * 60, "birth_date": "1980-01-30", "sex": "F"},
        headers=practice.headers(),
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "https://dentalink.fr/problems/name-too-long"

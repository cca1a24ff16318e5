"""The apCV payload: what the practitioner's software reads from the patient's e-carte Vitale app.

The real format is not public (DOMAIN.md §4), so Dentalink defines its own. Reading the app by QR
code or by NFC hands over the same string: a **compact JWS** (RFC 7515), signed **ES256** (ECDSA
P-256, SHA-256) by the app issuer, short-lived and single-use. Pass it unchanged as `payload`.

**Header** — exactly `{"alg": "ES256", "typ": "apcv+jwt", "kid": "<key id>"}`. `kid` names a key of
the issuer's published key set (JWKS); after a key rotation the previous key stays published, so a
payload it signed keeps verifying until it expires. Any other header member is refused.

**Claims**

| claim | meaning |
| --- | --- |
| `iss` | the app issuer (sandbox: `https://apcv.sandbox.dentalink.fr`) |
| `aud` | `dentalink-vitale` (string or array containing it) |
| `iat`, `nbf`, `exp` | NumericDate seconds; `exp - iat` at most 5 minutes (sandbox mints 2 minutes) |
| `nonce` | 16 to 128 URL-safe characters; a nonce opens one session only, ever (replay refused) |
| `apcv` | the app content below; no medical data |

**`apcv` content**

- `civil_status`: `birth_name`, `usage_name`?, `first_names` (space separated), `sex` (`M`|`F`),
  `birth_date` (YYYY-MM-DD), `birth_place_code` (INSEE COG: commune, or 99 + country code)
- `email`; `ins`? (`{"matricule", "oid"}`) of the holder; `holder_nir`: which beneficiary unlocked the app
- `beneficiaries` (1 to 20), the compulsory-insurance (AMO) data of the insured and each beneficiary:
  `nir`, `ouvrant_droit_nir` (the insured's NIR, for a beneficiary other than the insured),
  `birth_name`, `usage_name`?, `first_names`, `birth_date`, `birth_rank` (1 unless twins…), `sex`?,
  `birth_place_code`?, `quality` (`ouvrant_droit` | `conjoint` | `enfant` | `autre`), `insurer`
  (9 digits: régime, caisse, centre), `updated_on` (date of the AMO data), `ins`?

All beneficiaries share one ouvrant droit; NIRs carry a valid control key.

**Checks and their problem types** (`https://dentalink.fr/problems/<kind>`, status 422 unless noted):
`apcv-malformed` (not this format), `apcv-unknown-key` (no published key has this `kid`),
`apcv-bad-signature`, `apcv-wrong-issuer`, `apcv-wrong-audience`, `apcv-expired`, `apcv-not-yet-valid`,
`apcv-lifetime-too-long`, `apcv-missing-nonce`, `apcv-replayed` (409: the nonce already opened a
session). Then the chosen beneficiary: `beneficiary-choice-required` (several on the app, none
chosen), `beneficiary-not-on-app`. Then ADRI: `adri-rights-closed`, `adri-rights-not-started`,
`adri-rights-ended`, `adri-beneficiary-unknown`, `adri-unavailable` (503), `adri-timeout` (504).
A refused payload opens nothing and does not spend its nonce.

**Sandbox** — `POST /v1/sandbox/apcv-payloads` mints a payload for one of the fictitious patients
listed by `GET /v1/sandbox/apcv-patients`; the issuer's keys are generated at start and published
at `GET /v1/sandbox/apcv-issuer/jwks.json`.
"""

PAYLOAD_FORMAT = __doc__ or ""

/**
 * The scenario's first steps through the TypeScript SDK, against a running stack: a client-credentials
 * token, a sandbox Pro Santé Connect token, the sandbox patient's identity qualified (create → INSi
 * lookup → document check → QUAL), a creation replayed by its Idempotency-Key, the practice's
 * identities listed page by page. Prints what it saw as one JSON object; exits 1 on a refusal.
 *
 *     DENTALINK_GATEWAY_URL=http://127.0.0.1:8000 DENTALINK_CLIENT_ID=… DENTALINK_CLIENT_SECRET=… \
 *     DENTALINK_PRACTICE_ID=… node .test-build/examples/scenario.js '{"traits": {…}, "other": {…}}'
 *
 * The vendor client and its sandbox practice are registered beforehand (tests/e2e registers them with
 * `gateway.sandbox_client.SandboxPractice`); the traits are the sandbox's fictitious patients.
 */

import { randomUUID } from "node:crypto";

import { Dentalink, DentalinkProblem, type components } from "../src/index.js";

type IdentityCreate = components["schemas"]["IdentityCreate"];

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

async function scenario(traits: IdentityCreate, other: IdentityCreate): Promise<Record<string, unknown>> {
  const client = new Dentalink(
    setting("DENTALINK_GATEWAY_URL"),
    setting("DENTALINK_CLIENT_ID"),
    setting("DENTALINK_CLIENT_SECRET"),
  );
  // 1. Tokens: the vendor's (client credentials, cached), then the dentist's sandbox PSC token.
  const tokenCached = (await client.accessToken()) === (await client.accessToken());
  const psc = await client.sandbox.mintPscToken({ body: { professional: "dentist" } });
  const dentist = client.asProfessional(psc.id_token, setting("DENTALINK_PRACTICE_ID"));

  // 2. INS: typed traits → INSi lookup (RECUP) → passport checked (QUAL), read back.
  const created = await dentist.identities.create({ body: traits });
  const lookup = await dentist.identities.lookUpInsi(created.id, { body: { method: "traits" } });
  const recup = await dentist.identities.get(created.id);
  const checked = await dentist.identities.checkDocument(created.id, { body: { document: "passport" } });
  const qualified = await dentist.identities.get(created.id);

  // 3. A creation repeated with its Idempotency-Key is answered with the first outcome; a new key
  //    makes a new creation, refused as a duplicate.
  const key = randomUUID();
  const first = await dentist.identities.create({ body: other, idempotencyKey: key });
  const replayed = await dentist.identities.create({ body: other, idempotencyKey: key });
  let duplicate: { status: number; kind: string } | undefined;
  try {
    await dentist.identities.create({ body: other });
  } catch (error) {
    if (!(error instanceof DentalinkProblem)) {
      throw error;
    }
    duplicate = { status: error.status, kind: error.kind };
  }

  // 4. The practice's identities, one per page: the iterators follow next_cursor.
  const pageSizes: number[] = [];
  for await (const page of dentist.identities.list.pages({ query: { limit: 1 } })) {
    pageSizes.push(page.items.length);
  }
  const listed: string[] = [];
  for await (const identity of dentist.identities.list.items({ query: { limit: 1 } })) {
    listed.push(identity.id);
  }

  return {
    token_cached: tokenCached,
    identity_id: created.id,
    statuses: [created.status, lookup.identity.status, recup.status, checked.identity.status, qualified.status],
    matricule: recup.ins?.matricule ?? null,
    may_reference_health_data: qualified.may_reference_health_data,
    other_id: first.id,
    replayed_id: replayed.id,
    duplicate: duplicate ?? null,
    page_sizes: pageSizes,
    listed: listed.sort(),
  };
}

const input = JSON.parse(process.argv[2] ?? "{}") as { traits: IdentityCreate; other: IdentityCreate };
try {
  process.stdout.write(`${JSON.stringify(await scenario(input.traits, input.other))}\n`);
} catch (error) {
  // A problem's status, kind and title (never its detail, which may quote personal data).
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

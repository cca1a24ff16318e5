/** The SDK's helpers against a fake API on loopback: tokens, retries, Idempotency-Keys, pagination,
 * problems. Waits are recorded by an injected `sleep`, never slept. */

import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";

import { Dentalink, DentalinkProblem, type DentalinkOptions, retryAfter } from "../src/index.js";
import { FakeApi, type Handler, IDENTITY } from "./fake-api.js";

const TRAITS = { birth_name: "Fictif", birth_first_names: "Jeanne", birth_date: "1990-05-17", sex: "F" } as const;

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

interface Harness {
  api: FakeApi;
  client: Dentalink;
  waits: number[];
  clock: { now: number };
}

async function harness(handler: Handler, options: DentalinkOptions = {}): Promise<Harness> {
  api = await FakeApi.start(handler);
  const waits: number[] = [];
  const clock = { now: 1000 };
  const client = new Dentalink(api.url, "fake-client", "fake-secret", {
    sleep: async (seconds) => {
      waits.push(seconds);
      clock.now += seconds;
    },
    clock: () => clock.now,
    ...options,
  });
  return { api, client, waits, clock };
}

const ok: Handler = () => ({ status: 200, body: IDENTITY });

describe("client-credentials tokens", () => {
  test("one token for many calls, with the professional's headers on each", async () => {
    const { api, client } = await harness(ok);
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001", { actingRole: "dentist" });
    await dentist.identities.get(IDENTITY.id);
    await dentist.identities.get(IDENTITY.id);
    assert.equal(api.tokensIssued, 1);
    for (const call of api.calls) {
      assert.equal(call.headers.authorization, "Bearer fake-token-1");
      assert.equal(call.headers["x-pro-sante-connect-token"], "fake-psc-token");
      assert.equal(call.headers["x-practice-id"], "cab-0000000001");
      assert.equal(call.headers["x-acting-role"], "dentist");
      assert.equal(call.url.pathname, `/v1/identities/${IDENTITY.id}`);
    }
  });

  test("renewed 30 s before it expires, not after", async () => {
    const { api, client, clock } = await harness(ok);
    assert.equal(await client.accessToken(), "fake-token-1");
    clock.now += 300 - 30 - 1;
    assert.equal(await client.accessToken(), "fake-token-1");
    clock.now += 1;
    assert.equal(await client.accessToken(), "fake-token-2");
    assert.equal(api.tokensIssued, 2);
  });

  test("concurrent calls without a token wait for one fetch", async () => {
    const { api, client } = await harness(ok);
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    await Promise.all([1, 2, 3].map(() => dentist.identities.get(IDENTITY.id)));
    assert.equal(api.tokensIssued, 1);
  });

  test("a token the API calls invalid is replaced once", async () => {
    const { api, client } = await harness((seen, index) =>
      index === 0
        ? { status: 401, headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' }, body: { type: "about:blank" } }
        : ok(seen, index),
    );
    await client.asProfessional("fake-psc-token", "cab-0000000001").identities.get(IDENTITY.id);
    assert.deepEqual(
      api.calls.map((c) => c.headers.authorization),
      ["Bearer fake-token-1", "Bearer fake-token-2"],
    );
  });

  test("refused credentials surface as the token endpoint's problem", async () => {
    api = await FakeApi.start(ok);
    const client = new Dentalink(api.url, "fake-client", "wrong-secret");
    await assert.rejects(client.accessToken(), (error: unknown) => {
      assert.ok(error instanceof DentalinkProblem);
      assert.equal(error.status, 401);
      assert.equal(error.kind, "invalid-client");
      return true;
    });
  });

  test("neither the secret nor the token shows when a client is logged", async () => {
    const { client } = await harness(ok);
    await client.accessToken();
    const logged = inspect(client, { depth: Infinity }) + JSON.stringify(client);
    assert.ok(!logged.includes("fake-secret") && !logged.includes("fake-token-1"), logged);
  });
});

describe("retries", () => {
  test("429 and 503 are retried after Retry-After, then the answer is returned", async () => {
    const { api, client, waits } = await harness((seen, index) =>
      index < 2 ? { status: index === 0 ? 429 : 503, headers: { "Retry-After": "2" } } : ok(seen, index),
    );
    const identity = await client.asProfessional("fake-psc-token", "cab-0000000001").identities.get(IDENTITY.id);
    assert.deepEqual(identity, IDENTITY);
    assert.deepEqual(waits, [2, 2]);
    assert.equal(api.calls.length, 3);
  });

  test("without Retry-After the wait doubles from half a second", async () => {
    const { client, waits } = await harness((seen, index) => (index < 3 ? { status: 503 } : ok(seen, index)));
    await client.asProfessional("fake-psc-token", "cab-0000000001").identities.get(IDENTITY.id);
    assert.deepEqual(waits, [0.5, 1, 2]);
  });

  test("attempts are bounded: the last refusal is thrown as a problem", async () => {
    const busy = { type: "https://dentalink.fr/problems/rate-limited", title: "Too many requests", status: 429 };
    const { api, client, waits } = await harness(() => ({ status: 429, headers: { "Retry-After": "1" }, body: busy }));
    await assert.rejects(
      client.asProfessional("fake-psc-token", "cab-0000000001").identities.get(IDENTITY.id),
      (error: unknown) => error instanceof DentalinkProblem && error.status === 429 && error.kind === "rate-limited",
    );
    assert.equal(api.calls.length, 4);
    assert.deepEqual(waits, [1, 1, 1]);
  });

  test("a Retry-After beyond the total budget is not waited for", async () => {
    const { api, client, waits } = await harness(() => ({ status: 503, headers: { "Retry-After": "120" } }));
    await assert.rejects(client.asProfessional("fake-psc-token", "cab-0000000001").identities.get(IDENTITY.id));
    assert.equal(api.calls.length, 1);
    assert.deepEqual(waits, []);
  });

  test("Retry-After as an HTTP date", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    assert.equal(retryAfter("Thu, 01 Jan 2026 00:00:03 GMT", now), 3);
    assert.equal(retryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now), 0);
    assert.equal(retryAfter("soon", now), undefined);
    assert.equal(retryAfter(null, now), undefined);
  });

  test("a POST without Idempotency-Key is never sent twice", async () => {
    const { api, client, waits } = await harness(() => ({ status: 503, headers: { "Retry-After": "1" } }));
    await assert.rejects(client.sandbox.mintPscToken({ body: { professional: "dentist" } }));
    assert.equal(api.calls.length, 1);
    assert.deepEqual(waits, []);
  });
});

describe("Idempotency-Key", () => {
  test("one key per creation, the same on each of its retries", async () => {
    const { api, client, waits } = await harness((_seen, index) => {
      if (index === 1) {
        // The first request with this key is still running: the gateway asks to come back.
        return { status: 409, headers: { "Retry-After": "1" }, body: { type: "https://dentalink.fr/problems/idempotency-key-in-flight" } };
      }
      return index === 0 ? { status: 503, headers: { "Retry-After": "1" } } : { status: 201, body: IDENTITY };
    });
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    assert.deepEqual(await dentist.identities.create({ body: TRAITS }), IDENTITY);
    await dentist.identities.create({ body: TRAITS });
    const keys = api.calls.map((c) => c.headers["idempotency-key"]);
    assert.equal(keys.length, 4);
    assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
    assert.equal(keys[1], keys[0]);
    assert.equal(keys[2], keys[0]);
    assert.notEqual(keys[3], keys[0]);
    assert.deepEqual(waits, [1, 1]);
    assert.deepEqual(JSON.parse(api.calls[0]?.body ?? ""), TRAITS);
    assert.equal(api.calls[0]?.headers["content-type"], "application/json");
  });

  test("a key chosen by the caller is sent as it is", async () => {
    const { api, client } = await harness(() => ({ status: 201, body: IDENTITY }));
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    await dentist.identities.create({ body: TRAITS, idempotencyKey: "fake-key-0001" });
    assert.equal(api.calls[0]?.headers["idempotency-key"], "fake-key-0001");
  });

  test("a 409 without Retry-After is a refusal, not a retry", async () => {
    const duplicate = {
      type: "https://dentalink.fr/problems/duplicate-identity",
      title: "Duplicate identity",
      status: 409,
      detail: "Fictif Jeanne already exists",
    };
    const { api, client } = await harness(() => ({ status: 409, body: duplicate }));
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    await assert.rejects(dentist.identities.create({ body: TRAITS }), (error: unknown) => {
      assert.ok(error instanceof DentalinkProblem);
      assert.equal(error.kind, "duplicate-identity");
      assert.equal(error.problem.detail, duplicate.detail);
      assert.equal(error.message, "409 duplicate-identity: Duplicate identity"); // never the detail
      return true;
    });
    assert.equal(api.calls.length, 1);
  });
});

describe("pagination", () => {
  const PAGES: Record<string, { items: { id: string }[]; next_cursor: string | null }> = {
    "": { items: [{ id: "a" }, { id: "b" }], next_cursor: "c1" },
    c1: { items: [{ id: "c" }], next_cursor: "c2" },
    c2: { items: [], next_cursor: null },
  };
  const paged: Handler = (seen) => ({ status: 200, body: PAGES[seen.url.searchParams.get("cursor") ?? ""] });

  test("pages() follows next_cursor with the same filters", async () => {
    const { api, client } = await harness(paged);
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    const pages = [];
    for await (const page of dentist.identities.list.pages({ query: { limit: 2, birth_name: "Fictif" } })) {
      pages.push(page.items.length);
    }
    assert.deepEqual(pages, [2, 1, 0]);
    assert.deepEqual(
      api.calls.map((c) => [c.url.searchParams.get("cursor"), c.url.searchParams.get("limit"), c.url.searchParams.get("birth_name")]),
      [
        [null, "2", "Fictif"],
        ["c1", "2", "Fictif"],
        ["c2", "2", "Fictif"],
      ],
    );
  });

  test("items() yields every item, from a given cursor on", async () => {
    const { client } = await harness(paged);
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    const all: string[] = [];
    for await (const item of dentist.identities.list.items()) {
      all.push(item.id);
    }
    assert.deepEqual(all, ["a", "b", "c"]);
    const rest: string[] = [];
    for await (const item of dentist.identities.list.items({ query: { cursor: "c1" } })) {
      rest.push(item.id);
    }
    assert.deepEqual(rest, ["c"]);
  });

  test("a paged list called directly answers one page", async () => {
    const { client } = await harness(paged);
    const page = await client.asProfessional("fake-psc-token", "cab-0000000001").identities.list();
    assert.equal(page.next_cursor, "c1");
  });
});

describe("operations", () => {
  test("path parameters are encoded; a practice's operation needs a professional", async () => {
    const { api, client } = await harness(ok);
    await client.asProfessional("fake-psc-token", "cab-0000000001").documents.get("1 2/3", "doc-1");
    assert.equal(api.calls[0]?.url.pathname, "/v1/patients/1%202%2F3/documents/doc-1");
    await assert.rejects(client.identities.get(IDENTITY.id), /acts for a practice/);
  });

  test(".detailed() answers the status, headers and body or problem without throwing", async () => {
    const refused = { type: "https://dentalink.fr/problems/patient-record-not-found", title: "Not found", status: 404 };
    const { client } = await harness((seen, index) =>
      index === 0 ? { status: 404, body: refused, headers: { "X-Request-Id": "fake-req-1" } } : ok(seen, index),
    );
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    const missing = await dentist.identities.get.detailed(IDENTITY.id);
    assert.equal(missing.ok, false);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("X-Request-Id"), "fake-req-1");
    assert.deepEqual(missing.ok ? undefined : missing.problem, refused);
    const found = await dentist.identities.get.detailed(IDENTITY.id);
    assert.deepEqual(found.ok ? found.body : undefined, IDENTITY);
  });

  test("names come from operationIds", async () => {
    const { client } = await harness(ok);
    const dentist = client.asProfessional("fake-psc-token", "cab-0000000001");
    assert.equal(typeof dentist.teleExpertises.accept, "function");
    assert.equal(typeof dentist.identities.lookUpInsi, "function");
    assert.equal(typeof dentist.apcvSessions.list.pages, "function");
  });
});

/** Standard Webhooks verification, with signatures computed here from the specification (HMAC-SHA256
 * over `id.timestamp.body`) and one made by Python's `standardwebhooks` package. Every secret and
 * payload below is a fake test fixture. */

import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";

import { InvalidWebhook, WebhookVerifier } from "../src/index.js";

const KEY = Buffer.from("fake-test-secret-not-a-real-one!");
const SECRET = `whsec_${KEY.toString("base64")}`; // whsec_ZmFrZS10ZXN0LXNlY3JldC1ub3QtYS1yZWFsLW9uZSE=
const PREVIOUS = `whsec_${Buffer.from("fake-previous-secret-also-fake!!").toString("base64")}`;
const BODY = '{"type":"identity.qualified","data":{"identity_id":"00000000-0000-4000-8000-000000000001","status":"QUAL"}}';
const ID = "msg_fake_0001";
const SENT = 1767225600; // 2026-01-01T00:00:00Z

function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

function headers(signatures: string, timestamp: number = SENT): Record<string, string> {
  return { "webhook-id": ID, "webhook-timestamp": String(timestamp), "webhook-signature": signatures };
}

describe("WebhookVerifier", () => {
  const verifier = new WebhookVerifier(SECRET);

  test("a signature made by Python's standardwebhooks package is accepted", () => {
    // Webhook(SECRET).sign("msg_fake_0001", datetime.fromtimestamp(1767225600, UTC), BODY), computed
    // once with the package (clients/typescript/README.md says how) and fixed here.
    const fromPython = "v1,wL/+MjdfBGkOXSMnLSZDV5gnhC9THUwkU2Kl8jFASm4=";
    assert.equal(signature(SECRET, ID, SENT, BODY), fromPython);
    const event = verifier.verify(BODY, headers(fromPython), SENT + 10) as { type: string };
    assert.equal(event.type, "identity.qualified");
  });

  test("any one of several space-separated signatures, of any known version, may match", () => {
    const other = signature(PREVIOUS, ID, SENT, BODY);
    const signatures = `v1a,bm90LWEtc2lnbmF0dXJl ${other} ${signature(SECRET, ID, SENT, BODY)}`;
    assert.deepEqual(verifier.verify(Buffer.from(BODY), headers(signatures), SENT), JSON.parse(BODY));
  });

  test("the previous secret is accepted while rotating", () => {
    const rotating = new WebhookVerifier(SECRET, PREVIOUS);
    assert.ok(rotating.verify(BODY, headers(signature(PREVIOUS, ID, SENT, BODY)), SENT));
    assert.throws(() => verifier.verify(BODY, headers(signature(PREVIOUS, ID, SENT, BODY)), SENT), InvalidWebhook);
  });

  test("a changed body, id or timestamp no longer matches", () => {
    const good = signature(SECRET, ID, SENT, BODY);
    assert.throws(() => verifier.verify(BODY.replace("QUAL", "PROV"), headers(good), SENT), InvalidWebhook);
    assert.throws(() => verifier.verify(BODY, { ...headers(good), "webhook-id": "msg_fake_0002" }, SENT), InvalidWebhook);
    assert.throws(() => verifier.verify(BODY, headers(good, SENT + 1), SENT), InvalidWebhook);
    assert.throws(() => verifier.verify(BODY, headers(good.slice(0, -4) + "AAA="), SENT), InvalidWebhook);
    assert.throws(() => verifier.verify(BODY, headers("v1,"), SENT), InvalidWebhook);
  });

  test("older or newer than 5 minutes is refused", () => {
    const good = headers(signature(SECRET, ID, SENT, BODY));
    assert.ok(verifier.verify(BODY, good, SENT + 300));
    assert.ok(verifier.verify(BODY, good, SENT - 300));
    assert.throws(() => verifier.verify(BODY, good, SENT + 301), /too old/);
    assert.throws(() => verifier.verify(BODY, good, SENT - 301), /too new/);
  });

  test("headers in any case, as fetch Headers or pairs; missing ones refused", () => {
    const good = headers(signature(SECRET, ID, SENT, BODY));
    const upper = Object.fromEntries(Object.entries(good).map(([k, v]) => [k.toUpperCase(), v]));
    assert.ok(verifier.verify(BODY, upper, SENT));
    assert.ok(verifier.verify(BODY, new Headers(good), SENT));
    assert.ok(verifier.verify(BODY, Object.entries(good) as [string, string][], SENT));
    const { "webhook-signature": _dropped, ...unsigned } = good;
    assert.throws(() => verifier.verify(BODY, unsigned, SENT), /Missing required headers/);
    assert.throws(() => verifier.verify(BODY, { ...good, "webhook-timestamp": "yesterday" }, SENT), InvalidWebhook);
  });
});

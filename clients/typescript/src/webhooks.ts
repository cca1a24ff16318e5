/**
 * Verify the webhooks Dentalink sends, per the Standard Webhooks specification (as the Python SDK's
 * `webhooks.py`, which uses the specification's reference package).
 *
 * Each delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, several separated by spaces while a secret
 * is being rotated), signed with the endpoint's secret (`whsec_<base64>`). A delivery older or newer
 * than 5 minutes is refused, so a captured one cannot be replayed later.
 *
 *     const verifier = new WebhookVerifier(endpointSecret);
 *     const event = verifier.verify(rawBody, request.headers); // throws InvalidWebhook
 */

import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = "whsec_";

/** Not a delivery signed with this endpoint's secret, or outside the 5-minute tolerance. */
export class InvalidWebhook extends Error {
  override readonly name = "InvalidWebhook";
}

/** Headers as a receiver has them: a fetch `Headers`, Node's `IncomingHttpHeaders`, or pairs. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined> | Iterable<[string, string]>;

/**
 * Accepts a delivery signed with any of the secrets (the current one, and the previous one while the
 * endpoint's secret is being rotated).
 */
export class WebhookVerifier {
  private readonly keys: Buffer[];

  constructor(secret: string, ...previous: string[]) {
    this.keys = [secret, ...previous].map((s) =>
      Buffer.from(s.startsWith(SECRET_PREFIX) ? s.slice(SECRET_PREFIX.length) : s, "base64"),
    );
  }

  /**
   * The parsed JSON body of an authentic delivery; `InvalidWebhook` otherwise. `body` must be the raw
   * bytes as received: a re-serialised JSON body no longer matches. `now` is Unix seconds.
   */
  verify(body: string | Uint8Array, headers: WebhookHeaders, now: number = Date.now() / 1000): unknown {
    const read = headerReader(headers);
    const id = read("webhook-id");
    const timestamp = read("webhook-timestamp");
    const signatures = read("webhook-signature");
    if (id === undefined || timestamp === undefined || signatures === undefined) {
      throw new InvalidWebhook("Missing required headers");
    }
    const sent = Number(timestamp);
    if (!/^\d+$/.test(timestamp.trim()) || !Number.isSafeInteger(sent)) {
      throw new InvalidWebhook("Invalid Signature Headers");
    }
    if (now - sent > TOLERANCE_SECONDS) {
      throw new InvalidWebhook("Message timestamp too old");
    }
    if (sent - now > TOLERANCE_SECONDS) {
      throw new InvalidWebhook("Message timestamp too new");
    }
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
    const signed = Buffer.concat([Buffer.from(`${id}.${timestamp.trim()}.`, "utf8"), bytes]);
    const expected = this.keys.map((key) => createHmac("sha256", key).update(signed).digest());
    for (const versioned of signatures.split(" ")) {
      const [version, signature] = versioned.split(",", 2);
      if (version !== "v1" || signature === undefined) {
        continue;
      }
      const given = Buffer.from(signature, "base64");
      if (expected.some((mac) => mac.length === given.length && timingSafeEqual(mac, given))) {
        return JSON.parse(bytes.toString("utf8"));
      }
    }
    throw new InvalidWebhook("No matching signature found");
  }
}

function headerReader(headers: WebhookHeaders): (name: string) => string | undefined {
  if (headers instanceof Headers) {
    return (name) => headers.get(name) ?? undefined;
  }
  const pairs: [string, string][] = [];
  if (Symbol.iterator in headers) {
    pairs.push(...(headers as Iterable<[string, string]>));
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) {
        pairs.push([name, Array.isArray(value) ? value.join(", ") : value]);
      }
    }
  }
  const lowered = new Map(pairs.map(([name, value]) => [name.toLowerCase(), value]));
  return (name) => lowered.get(name);
}

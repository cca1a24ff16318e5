/**
 * OAuth2 client-credentials access tokens, fetched once and reused until shortly before they expire
 * (as the Python SDK's `tokens.py`).
 *
 * Tokens live minutes (`expires_in`, 300 s today): a token is renewed `REFRESH_MARGIN` seconds before
 * its end (at half its life when that is shorter), so a call never leaves with a token about to lapse
 * in flight. Concurrent calls that find no valid token wait for one fetch instead of each doing one.
 */

import { DentalinkProblem } from "./problem.js";

export const TOKEN_PATH = "/v1/oauth/token";
export const REFRESH_MARGIN = 30;

/** Seconds on a monotonic clock. */
export type Clock = () => number;
export const monotonic: Clock = () => performance.now() / 1000;

/** A request as the SDK sends it: kept whole so that a retry sends the very same bytes. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export type Send = (request: OutgoingRequest) => Promise<Response>;

export class ClientCredentials {
  // `#` fields, not `private` ones: console.log / util.inspect of a client never shows them.
  readonly #clientSecret: string;
  #token: string | undefined;
  private renewAt = 0;
  private pending: Promise<string> | undefined;

  constructor(
    readonly clientId: string,
    clientSecret: string,
    readonly scope?: string,
    private readonly clock: Clock = monotonic,
  ) {
    this.#clientSecret = clientSecret;
  }

  tokenRequest(tokenUrl: URL): OutgoingRequest {
    // client_secret_basic, RFC 6749 §2.3.1.
    const pair = Buffer.from(`${this.clientId}:${this.#clientSecret}`).toString("base64");
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (this.scope) {
      form.set("scope", this.scope);
    }
    const headers = new Headers({
      Authorization: `Basic ${pair}`,
      Accept: "application/json",
      "Content-Type": "application/x-www-form-urlencoded",
    });
    return { method: "POST", url: tokenUrl, headers, body: form.toString() };
  }

  /** A token valid for at least the refresh margin, fetched with `send` when needed. */
  async accessToken(tokenUrl: URL, send: Send): Promise<string> {
    if (this.#token !== undefined && this.clock() < this.renewAt) {
      return this.#token;
    }
    this.pending ??= this.fetch(tokenUrl, send).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** The API refused `token` (revoked, signing key rotated): the next call fetches a new one. */
  forget(token: string): void {
    if (this.#token === token) {
      this.#token = undefined;
    }
  }

  private async fetch(tokenUrl: URL, send: Send): Promise<string> {
    const response = await send(this.tokenRequest(tokenUrl));
    if (response.status !== 200) {
      throw await DentalinkProblem.fromResponse(response);
    }
    const body = (await response.json()) as { access_token: string; expires_in: number };
    const lifetime = Number(body.expires_in);
    this.#token = String(body.access_token);
    this.renewAt = this.clock() + lifetime - Math.min(REFRESH_MARGIN, lifetime / 2);
    return this.#token;
  }

  toJSON(): object {
    return { clientId: this.clientId, scope: this.scope }; // never the secret
  }
}

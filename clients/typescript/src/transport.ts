/**
 * What every SDK call goes through (as the Python SDK's `transport.py`): the access token on each
 * request, and retries.
 *
 * A bearer token from the client-credentials cache (renewed once if the API says it is no longer
 * valid), and the same request — same body, same `Idempotency-Key` — sent again on 429/503 (and 409
 * `idempotency-key-in-flight`) after `Retry-After`, within the `RetryPolicy`'s attempts and total time.
 */

import { type RetryPolicy, asksForRetry, fallbackDelay, maySendAgain, retryAfter } from "./retries.js";
import { type Clock, type ClientCredentials, type OutgoingRequest, TOKEN_PATH, monotonic } from "./tokens.js";

/** Waits `seconds`; tests pass one that records the wait and returns at once. */
export type Sleep = (seconds: number) => Promise<void>;
export const sleep: Sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export type Fetch = typeof fetch;

export interface TransportOptions {
  readonly policy: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly fetch?: Fetch;
  readonly sleep?: Sleep;
  readonly clock?: Clock;
}

export class Transport {
  private readonly fetch: Fetch;
  private readonly sleep: Sleep;
  private readonly clock: Clock;

  constructor(
    readonly credentials: ClientCredentials,
    readonly tokenUrl: URL,
    private readonly options: TransportOptions,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? sleep;
    this.clock = options.clock ?? monotonic;
  }

  async send(request: OutgoingRequest): Promise<Response> {
    if (request.url.pathname === TOKEN_PATH || request.headers.has("Authorization")) {
      return this.sendWithRetries(request);
    }
    const token = await this.accessToken();
    request.headers.set("Authorization", `Bearer ${token}`);
    let response = await this.sendWithRetries(request);
    if (response.status === 401 && (response.headers.get("WWW-Authenticate") ?? "").includes('error="invalid_token"')) {
      // Refused before anything ran (revoked token, rotated signing key): once more, with a new token.
      await response.body?.cancel();
      this.credentials.forget(token);
      request.headers.set("Authorization", `Bearer ${await this.accessToken()}`);
      response = await this.sendWithRetries(request);
    }
    return response;
  }

  accessToken(): Promise<string> {
    return this.credentials.accessToken(this.tokenUrl, (request) => this.sendWithRetries(request));
  }

  /** `request`, sent again while the answer asks for it and the policy allows. */
  async sendWithRetries(request: OutgoingRequest): Promise<Response> {
    // Asking for a token twice does nothing twice: the token request is retried like a GET.
    const mayRepeat = maySendAgain(request.method, request.headers) || request.url.pathname === TOKEN_PATH;
    const started = this.clock();
    for (let attempt = 1; ; attempt += 1) {
      let delay: number;
      try {
        const response = await this.fetchOnce(request);
        if (!(mayRepeat && asksForRetry(response))) {
          return response;
        }
        delay = retryAfter(response.headers.get("Retry-After")) ?? fallbackDelay(this.options.policy, attempt);
        if (!this.mayWait(attempt, started, delay)) {
          return response;
        }
        await response.body?.cancel(); // free the connection for the next attempt
      } catch (error) {
        // A refused connection (a gateway restarting) is waited out like a 503.
        delay = fallbackDelay(this.options.policy, attempt);
        if (!(connectionRefused(error) && mayRepeat && this.mayWait(attempt, started, delay))) {
          throw error;
        }
      }
      await this.sleep(delay);
    }
  }

  private fetchOnce(request: OutgoingRequest): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutSeconds * 1000);
    return this.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
  }

  private mayWait(attempt: number, started: number, delay: number): boolean {
    const { attempts, totalSeconds } = this.options.policy;
    return attempt < attempts && this.clock() - started + delay <= totalSeconds;
  }
}

function connectionRefused(error: unknown): boolean {
  // Node's fetch (undici) throws TypeError("fetch failed") with the socket error as its cause.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === "ECONNREFUSED";
}

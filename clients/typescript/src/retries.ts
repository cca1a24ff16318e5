/**
 * When to send a request again, and after how long (as the Python SDK's `retries.py`).
 *
 * The API answers 429 (rate limit) and 503 (a service restarting, the gateway saturated, PSC
 * unreachable) with `Retry-After`, and 409 `idempotency-key-in-flight` with `Retry-After` while a
 * first request with the same key is still running. A request is sent again only if that cannot do a
 * thing twice: a safe or idempotent method, or a creation that carries its `Idempotency-Key` (the same
 * key on every attempt, so the gateway answers the repeat with the first outcome).
 */

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503]);
export const IDEMPOTENCY_KEY = "Idempotency-Key";

/**
 * At most `attempts` sends of one request, and never a wait that would end past `totalSeconds` after
 * the first send: then the last answer is returned as it is. Without a usable `Retry-After`, the wait
 * is `firstDelay` seconds, doubled each time, at most `maxDelay`.
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly totalSeconds: number;
  readonly firstDelay: number;
  readonly maxDelay: number;
}

export const DEFAULT_RETRIES: RetryPolicy = { attempts: 4, totalSeconds: 60, firstDelay: 0.5, maxDelay: 8 };
export const NO_RETRIES: RetryPolicy = { ...DEFAULT_RETRIES, attempts: 1 };

export function fallbackDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelay, policy.firstDelay * 2 ** (attempt - 1));
}

/** True when a second send cannot repeat an effect. */
export function maySendAgain(method: string, headers: Headers): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase()) || headers.has(IDEMPOTENCY_KEY);
}

export function asksForRetry(response: Response): boolean {
  if (RETRIED_STATUSES.has(response.status)) {
    return true;
  }
  // 409 idempotency-key-in-flight is the only conflict that comes with Retry-After.
  return response.status === 409 && response.headers.has("Retry-After");
}

/** Seconds to wait per `Retry-After` (delay-seconds or an HTTP-date); undefined if absent or unreadable. */
export function retryAfter(value: string | null, now: Date = new Date()): number | undefined {
  const trimmed = (value ?? "").trim();
  if (!trimmed) {
    return undefined;
  }
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const when = Date.parse(trimmed);
  return Number.isNaN(when) ? undefined : Math.max(0, (when - now.getTime()) / 1000);
}

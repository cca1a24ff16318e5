/**
 * The SDK's entry point: a client for a vendor's credentials, and a view per professional (as the
 * Python SDK's `client.py`).
 *
 *     const client = new Dentalink(baseUrl, clientId, clientSecret);
 *     const dentist = client.asProfessional(pscToken, practiceId);
 *     const identity = await dentist.identities.create({ body: { ... } });
 *
 * `Dentalink` holds the client-credentials token; `asProfessional` gives the same operations with that
 * professional's Pro Santé Connect token and practice on every call (the operations that act for no
 * practice — OAuth, sandbox helpers — can be called on `Dentalink` itself).
 */

import type { Resources } from "./generated/operations.js";
import { type Caller, bindResources } from "./operation.js";
import { DEFAULT_RETRIES, type RetryPolicy } from "./retries.js";
import { type Clock, ClientCredentials, type OutgoingRequest, TOKEN_PATH } from "./tokens.js";
import { type Fetch, type Sleep, Transport } from "./transport.js";

export const PSC_HEADER = "X-Pro-Sante-Connect-Token";
export const ACTING_ROLE_HEADER = "X-Acting-Role";

export interface DentalinkOptions {
  /** Space-separated OAuth scopes to ask for (default: every scope the client is granted). */
  readonly scope?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt, in seconds (default 30). */
  readonly timeoutSeconds?: number;
  /** Replaces the network (default: Node's global `fetch`). */
  readonly fetch?: Fetch;
  /** How retries wait, and what token lifetimes and retry budgets are measured with (seconds). */
  readonly sleep?: Sleep;
  readonly clock?: Clock;
}

// The generated resources are set on each instance by `bindResources`: the interfaces merge them in.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Dentalink extends Resources {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Dentalink implements Caller {
  readonly baseUrl: URL;
  readonly headers: Readonly<Record<string, string>> = {};
  readonly practiceId: string | undefined = undefined;
  private readonly transport: Transport;

  constructor(baseUrl: string | URL, clientId: string, clientSecret: string, options: DentalinkOptions = {}) {
    this.baseUrl = new URL(baseUrl);
    const credentials = new ClientCredentials(clientId, clientSecret, options.scope, options.clock);
    this.transport = new Transport(credentials, this.url(TOKEN_PATH), {
      policy: { ...DEFAULT_RETRIES, ...options.retry },
      timeoutSeconds: options.timeoutSeconds ?? 30,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    Object.assign(this, bindResources(this));
  }

  /** The operations as done by the professional whose PSC ID token this is, for a practice. */
  asProfessional(pscToken: string, practiceId: string, options: { actingRole?: string } = {}): Professional {
    const headers: Record<string, string> = { [PSC_HEADER]: pscToken };
    if (options.actingRole !== undefined) {
      headers[ACTING_ROLE_HEADER] = options.actingRole;
    }
    return new Professional(this, headers, practiceId);
  }

  /** The current OAuth2 access token (fetched or renewed if needed). */
  accessToken(): Promise<string> {
    return this.transport.accessToken();
  }

  send(request: OutgoingRequest): Promise<Response> {
    return this.transport.send(request);
  }

  private url(path: string): URL {
    return new URL(this.baseUrl.pathname.replace(/\/$/, "") + path, this.baseUrl);
  }
}

/** `client.asProfessional(...)`: every operation, with `X-Pro-Sante-Connect-Token` and `X-Practice-Id`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Professional extends Resources {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Professional implements Caller {
  constructor(
    private readonly client: Dentalink,
    readonly headers: Readonly<Record<string, string>>,
    readonly practiceId: string,
  ) {
    Object.assign(this, bindResources(this));
  }

  get baseUrl(): URL {
    return this.client.baseUrl;
  }

  send(request: OutgoingRequest): Promise<Response> {
    return this.client.send(request);
  }
}

/**
 * The generated operations (`generated/operations.ts`), bound to a client (as the Python SDK's
 * `operations.py`).
 *
 * A call fills in what the operation needs and the SDK knows — the practice (`X-Practice-Id`), the
 * professional's Pro Santé Connect token, a new `Idempotency-Key` for a creation (kept by every retry
 * of that call) — and returns the parsed success answer or throws `DentalinkProblem`. A cursor-paged
 * list also gets `pages()` and `items()`, which follow `next_cursor` until it is null.
 */

import { randomUUID } from "node:crypto";

import { OPERATIONS, type Resources } from "./generated/operations.js";
import { DentalinkProblem, type ProblemDetails } from "./problem.js";
import { IDEMPOTENCY_KEY } from "./retries.js";
import type { OutgoingRequest } from "./tokens.js";

/** How one operation is sent (one entry of the generated `OPERATIONS` table). */
export interface OperationSpec {
  readonly method: string;
  readonly path: string;
  /** In the path template's order: the method's first, positional, arguments. */
  readonly pathParams: readonly string[];
  /** Whether an `args` object (`query`, `body`, `idempotencyKey`) follows the path parameters. */
  readonly args: boolean;
  readonly body: "json" | "form" | null;
  readonly practice: boolean;
  readonly idempotent: boolean;
  readonly paged: boolean;
  readonly accept: string;
  readonly answer: "json" | "text" | "bytes";
}

/** Per call: an abort signal, and headers of the caller's own (`X-Request-Id`, …). */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

/** A cursor page, as every list answers. */
export interface Page<Item = unknown> {
  items: Item[];
  next_cursor?: string | null;
}

/** What `.detailed(...)` answers: the status and headers, and the body or the problem, never thrown. */
export type Detailed<Answer> =
  | { readonly ok: true; readonly status: number; readonly headers: Headers; readonly body: Answer }
  | { readonly ok: false; readonly status: number; readonly headers: Headers; readonly problem: ProblemDetails };

/** An operation: called, it answers the success body or throws `DentalinkProblem`. */
export type Operation<Params extends unknown[], Answer> = ((...params: Params) => Promise<Answer>) & {
  detailed(...params: Params): Promise<Detailed<Answer>>;
};

/** A paged list: callable for one page, `pages()` for every page, `items()` for every item. */
export type Paged<Params extends unknown[], P> = Operation<Params, P> & {
  pages(...params: Params): AsyncGenerator<P, void, undefined>;
  items(...params: Params): AsyncGenerator<P extends Page<infer Item> ? Item : never, void, undefined>;
};

interface Args {
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  idempotencyKey?: string | undefined;
}

/** Where and as whom the operations are sent: the client, or a professional's view of it. */
export interface Caller {
  readonly baseUrl: URL;
  /** Headers on every call: the professional's Pro Santé Connect token and acting role. */
  readonly headers: Readonly<Record<string, string>>;
  readonly practiceId: string | undefined;
  send(request: OutgoingRequest): Promise<Response>;
}

/** Every resource of the generated table, each action calling `caller`. */
export function bindResources(caller: Caller): Resources {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const [operationId, spec] of Object.entries(OPERATIONS) as [string, OperationSpec][]) {
    const [resource = operationId, action = operationId] = operationId.split(".");
    const detailed = (...params: unknown[]): Promise<Detailed<unknown>> => invoke(caller, operationId, spec, params);
    const call = async (...params: unknown[]): Promise<unknown> => {
      const answer = await detailed(...params);
      if (!answer.ok) {
        throw new DentalinkProblem(answer.status, answer.problem, answer.headers);
      }
      return answer.body;
    };
    const operation = Object.assign(call, { detailed });
    (resources[resource] ??= {})[action] = spec.paged ? paged(spec, operation) : operation;
  }
  return resources as unknown as Resources;
}

async function invoke(
  caller: Caller,
  operationId: string,
  spec: OperationSpec,
  params: unknown[],
): Promise<Detailed<unknown>> {
  const values = params.slice(0, spec.pathParams.length);
  const [args, options] = (spec.args ? params.slice(values.length) : [undefined, params[values.length]]) as [
    Args | undefined,
    CallOptions | undefined,
  ];
  const response = await caller.send(request(caller, operationId, spec, values, args ?? {}, options ?? {}));
  const { status, headers } = response;
  if (status < 200 || status >= 300) {
    return { ok: false, status, headers, problem: (await DentalinkProblem.fromResponse(response)).problem };
  }
  return { ok: true, status, headers, body: await readAnswer(response, spec) };
}

function request(
  caller: Caller,
  operationId: string,
  spec: OperationSpec,
  values: unknown[],
  args: Args,
  options: CallOptions,
): OutgoingRequest {
  if (values.length < spec.pathParams.length || values.some((v) => v === undefined || v === null)) {
    throw new TypeError(`${operationId} takes ${spec.pathParams.join(", ")} first`);
  }
  let path = spec.path;
  spec.pathParams.forEach((name, i) => {
    path = path.replace(`{${name}}`, encodeURIComponent(String(values[i])));
  });
  const url = new URL(caller.baseUrl.pathname.replace(/\/$/, "") + path, caller.baseUrl);
  for (const [name, value] of Object.entries(args.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== null) {
        url.searchParams.append(name, String(one));
      }
    }
  }
  const headers = new Headers({ ...caller.headers, ...options.headers, Accept: spec.accept });
  if (spec.practice) {
    if (caller.practiceId === undefined) {
      throw new TypeError(`${operationId} acts for a practice: call it on client.asProfessional(...)`);
    }
    headers.set("X-Practice-Id", caller.practiceId);
  }
  if (spec.idempotent) {
    // One key per call, kept by every retry of it (the transport resends this very request).
    headers.set(IDEMPOTENCY_KEY, args.idempotencyKey ?? randomUUID());
  }
  let body: string | undefined;
  if (spec.body === "json" && args.body !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(args.body);
  } else if (spec.body === "form" && args.body !== undefined) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(args.body as Record<string, string>).toString();
  }
  return { method: spec.method, url, headers, ...(body === undefined ? {} : { body }), ...signal(options) };
}

function signal(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

async function readAnswer(response: Response, spec: OperationSpec): Promise<unknown> {
  if (response.status === 204) {
    return undefined;
  }
  if (spec.answer === "bytes") {
    return new Uint8Array(await response.arrayBuffer());
  }
  const text = await response.text();
  if (spec.answer === "text") {
    return text;
  }
  return text ? JSON.parse(text) : undefined;
}

function paged(spec: OperationSpec, call: (...params: unknown[]) => Promise<unknown>): unknown {
  async function* pages(...params: unknown[]): AsyncGenerator<unknown, void, undefined> {
    const at = spec.pathParams.length;
    const args = (params[at] ?? {}) as Args;
    let cursor = args.query?.["cursor"];
    for (;;) {
      const query = { ...args.query, ...(cursor ? { cursor } : {}) };
      const page = (await call(...params.slice(0, at), { ...args, query }, params[at + 1])) as Page;
      yield page;
      cursor = page.next_cursor;
      if (cursor === undefined || cursor === null || cursor === "") {
        return;
      }
    }
  }
  async function* items(...params: unknown[]): AsyncGenerator<unknown, void, undefined> {
    for await (const page of pages(...params)) {
      yield* (page as Page).items;
    }
  }
  return Object.assign(call, { pages, items });
}

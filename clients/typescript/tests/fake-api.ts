/** A tiny Dentalink API on loopback (node:http) for the SDK's unit tests: a token endpoint, and
 * whatever each test answers to the other requests. Every request is recorded. */

import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: Seen, index: number) => Answer;

export class FakeApi {
  readonly seen: Seen[] = [];
  tokensIssued = 0;
  tokenLifetime = 300;
  private readonly server: Server;

  private constructor(private readonly handler: Handler) {
    this.server = createServer((req, res) => this.answer(req, res));
  }

  static async start(handler: Handler): Promise<FakeApi> {
    const api = new FakeApi(handler);
    await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The requests other than the token requests. */
  get calls(): Seen[] {
    return this.seen.filter((s) => s.url.pathname !== "/v1/oauth/token");
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://fake"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      this.seen.push(seen);
      const answer = seen.url.pathname === "/v1/oauth/token" ? this.token(seen) : this.handler(seen, this.calls.length - 1);
      const problem = answer.status >= 400;
      res.writeHead(answer.status, {
        "Content-Type": problem ? "application/problem+json" : "application/json",
        ...answer.headers,
      });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  }

  private token(seen: Seen): Answer {
    const basic = Buffer.from("fake-client:fake-secret").toString("base64");
    if (seen.headers.authorization !== `Basic ${basic}` || !seen.body.includes("grant_type=client_credentials")) {
      return { status: 401, body: { type: "https://dentalink.fr/problems/invalid-client", title: "Invalid client" } };
    }
    this.tokensIssued += 1;
    return {
      status: 200,
      body: { access_token: `fake-token-${this.tokensIssued}`, token_type: "Bearer", expires_in: this.tokenLifetime },
    };
  }
}

export const IDENTITY = { id: "00000000-0000-4000-8000-000000000001", status: "PROV" };

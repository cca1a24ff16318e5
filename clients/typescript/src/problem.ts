/**
 * What a refused call throws: the answer's RFC 9457 problem (`application/problem+json`), readable by
 * its stable `type`. Mirrors the Python SDK's `ApiError`.
 */

export const PROBLEM_BASE = "https://dentalink.fr/problems/";

/** An RFC 9457 problem as the API writes it; `errors` lists the fields a 422 refused. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string; code: string }[];
  [member: string]: unknown;
}

/** A non-2xx answer. `kind` is the last segment of the problem type (`duplicate-identity`, …). */
export class DentalinkProblem extends Error {
  override readonly name = "DentalinkProblem";

  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
    readonly headers: Headers = new Headers(),
  ) {
    // The title, never the detail: a detail may quote what was sent, and messages end up in logs.
    super(`${status} ${kindOf(problem)}${problem.title ? `: ${problem.title}` : ""}`);
  }

  get kind(): string {
    return kindOf(this.problem);
  }

  /** The problem an answer carries (its body read here), or one made of its status line. */
  static async fromResponse(response: Response): Promise<DentalinkProblem> {
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const problem: ProblemDetails = isObject(body) ? body : { title: response.statusText };
    return new DentalinkProblem(response.status, problem, response.headers);
  }
}

function kindOf(problem: ProblemDetails): string {
  const type = typeof problem.type === "string" ? problem.type : "about:blank";
  return type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : type;
}

function isObject(value: unknown): value is ProblemDetails {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

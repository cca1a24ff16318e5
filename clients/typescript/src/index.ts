/**
 * Dentalink's TypeScript SDK: the operations generated from contracts/openapi.json, with what
 * generators leave out — client-credentials tokens, the professional's headers, Idempotency-Keys,
 * retries on 429/503, cursor pagination and webhook signature verification. See README.md.
 */

export { ACTING_ROLE_HEADER, Dentalink, type DentalinkOptions, PSC_HEADER, Professional } from "./client.js";
export { OPERATIONS, type OperationId, type Resources } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/schema.js";
export type { CallOptions, Detailed, Operation, OperationSpec, Page, Paged } from "./operation.js";
export { DentalinkProblem, PROBLEM_BASE, type ProblemDetails } from "./problem.js";
export { DEFAULT_RETRIES, NO_RETRIES, type RetryPolicy, retryAfter } from "./retries.js";
export type { Clock } from "./tokens.js";
export type { Fetch, Sleep } from "./transport.js";
export { InvalidWebhook, TOLERANCE_SECONDS, type WebhookHeaders, WebhookVerifier } from "./webhooks.js";

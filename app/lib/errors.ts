/** Statuses a domain error may carry; the API layer maps each to the one error body. */
export type UserErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429;

/**
 * A domain error a person can act on: rendered as 4xx with this message (pages) or as
 * `{ error: { code, message, field?, details? } }` (API). Never used for bugs.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: UserErrorStatus = 400,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
    /** 429 only: seconds the client should wait (sent as `Retry-After`, RFC 9110 §10.2.3). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

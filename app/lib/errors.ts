/**
 * A domain error a person can act on: rendered as 4xx with this message (pages) or as
 * `{ error: { code, message, field } }` (API). Never used for bugs.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 = 400,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

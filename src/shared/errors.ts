/**
 * Errors as they cross from main to the renderer: a stable code and a sentence a person understands,
 * with the next step where there is one. Never a stack trace.
 */
export interface ErrorPayload {
  /** Stable, machine-readable, e.g. `AUTH_FAILED`, `INVALID_INPUT`, `UNKNOWN_CALL`. */
  code: string
  /** A sentence that says what happened. */
  message: string
  /** What to do next, where LinkDeck knows. */
  hint?: string
}

/**
 * An error the app means to show: its code, message and hint cross the transports as they are.
 * Anything else that is thrown is reported as `INTERNAL` with a generic sentence (the details go to the log).
 */
export class UserFacingError extends Error implements ErrorPayload {
  readonly userFacing = true
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'UserFacingError'
  }
}

/** True for errors whose code and sentence are meant for the user (ours, and the PrusaLink client's). */
export function isUserFacing(error: unknown): error is Error & ErrorPayload {
  return (
    error instanceof Error &&
    (error as { userFacing?: unknown }).userFacing === true &&
    typeof (error as { code?: unknown }).code === 'string'
  )
}

/** The error the renderer's `api/` throws: the payload, as an Error so `await` and `catch` read naturally. */
export class RemoteError extends Error implements ErrorPayload {
  readonly code: string
  readonly hint?: string
  constructor(payload: ErrorPayload) {
    super(payload.message)
    this.name = 'RemoteError'
    this.code = payload.code
    if (payload.hint !== undefined) this.hint = payload.hint
  }
}

/** What a call returns on either transport: a value, or an error payload. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

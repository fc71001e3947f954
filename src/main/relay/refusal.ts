/**
 * A refusal the slicer shows its user: an HTTP status and a sentence. PrusaSlicer (and the slicers built on its
 * code) print the status and the answer's text as they are, so the text says what happened and what to do.
 */
export class RelayRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'RelayRefusal'
  }

  /** The answer's body: the sentence, then what to do. */
  get text(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message
  }
}

export function isRelayRefusal(error: unknown): error is RelayRefusal {
  return error instanceof RelayRefusal
}

/**
 * Errors and warnings of the print-file parser. Print files come from disk, from printers and from other
 * people: anything in them can be wrong. A preview should show what it can, so most problems are warnings;
 * `strict` turns every warning into the matching PrintFileError.
 */

export type PrintFileErrorCode =
  /** The data ends too early (a partial download, a file still being written, a bgcode header cut short). */
  | 'TRUNCATED'
  /** A block's CRC32 does not match its bytes. */
  | 'CRC_MISMATCH'
  /** Neither text G-code nor Prusa binary G-code (wrong magic, binary junk, unknown extension). */
  | 'NOT_PRINT_FILE'
  /** A block or thumbnail is larger than the parser accepts. */
  | 'TOO_LARGE'
  /** A binary G-code version this parser does not know. */
  | 'UNSUPPORTED_VERSION'
  /** Structurally wrong: unknown block type or compression, bad image, bad base64 length. */
  | 'INVALID'
  /** The path is not a readable regular file. */
  | 'NOT_A_FILE'

export class PrintFileError extends Error {
  override name = 'PrintFileError'
  constructor(
    readonly code: PrintFileErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Collects warnings, or throws them in strict mode. */
export class Diagnostics {
  readonly warnings: string[] = []
  constructor(private readonly strict = false) {}

  warn(code: PrintFileErrorCode, message: string): void {
    if (this.strict) throw new PrintFileError(code, message)
    if (this.warnings.length < 100) this.warnings.push(message)
  }
}

/**
 * The logger the core writes to. Both the Electron shell and the browser mode back it with the same rotating,
 * redacting log file (logging/app-log.ts); the CLI and the tests with a console or silent logger. Every sink that
 * writes a file redacts secrets before anything is written (see logging/redact.ts).
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void
  info(message: string, ...details: unknown[]): void
  warn(message: string, ...details: unknown[]): void
  error(message: string, ...details: unknown[]): void
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

/** A logger that writes to the console (browser mode, CLI) at or above a level. */
export function consoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'] as const
  const min = order.indexOf(level)
  const at =
    (l: (typeof order)[number], write: (...a: unknown[]) => void) =>
    (message: string, ...details: unknown[]) => {
      if (order.indexOf(l) >= min) write(`[${l}] ${message}`, ...details)
    }
  return {
    debug: at('debug', console.debug),
    info: at('info', console.info),
    warn: at('warn', console.warn),
    error: at('error', console.error),
  }
}

/**
 * LinkDeck's log in Electron: electron-log writing `linkdeck.log` in the app's logs folder
 * (app.getPath('logs')), rotated at about 1 MB into `linkdeck.old.log` (electron-log's own archive step keeps the
 * one previous file), every message redacted by the core's Redactor before any transport sees it.
 *
 * Takes the electron-log instance as an argument so the configuration is tested without Electron.
 */
import { join } from 'node:path'
import type { Logger } from '../core/logger'
import type { Redactor } from '../core/logging/redact'

export const LOG_FILE_NAME = 'linkdeck.log'
export const LOG_MAX_BYTES = 1024 * 1024

type Level = 'debug' | 'info' | 'warn' | 'error'

/** The part of electron-log (main) configured here; `M` is its LogMessage. */
export interface ElectronLogLike<M extends { data: unknown[] } = { data: unknown[] }> {
  hooks: ((message: M, ...rest: never[]) => M | false)[]
  transports: {
    file: {
      level: Level | 'verbose' | 'silly' | false
      maxSize: number
      resolvePathFn: (...args: never[]) => string
    }
    console: { level: Level | 'verbose' | 'silly' | false }
  }
  debug(...params: unknown[]): void
  info(...params: unknown[]): void
  warn(...params: unknown[]): void
  error(...params: unknown[]): void
}

export interface FileLogOptions {
  dir: string
  redactor: Redactor
  /** Lowest level written to the file; default 'info'. */
  level?: Level
  /** Lowest level echoed on the console (development); false for none. */
  consoleLevel?: Level | false
}

/** Every value of a log line as redacted text: objects and errors are written out first, then masked. */
export function redactData(data: readonly unknown[], redactor: Redactor): string[] {
  return data.map((item) => (typeof item === 'string' ? redactor.text(item) : redactor.detail(item)))
}

export function configureFileLog<M extends { data: unknown[] }>(
  log: ElectronLogLike<M>,
  options: FileLogOptions,
): Logger & { path: string } {
  const path = join(options.dir, LOG_FILE_NAME)
  log.transports.file.resolvePathFn = () => path
  log.transports.file.maxSize = LOG_MAX_BYTES
  log.transports.file.level = options.level ?? 'info'
  log.transports.console.level = options.consoleLevel ?? false
  log.hooks.push((message: M): M => ({ ...message, data: redactData(message.data, options.redactor) }))
  return {
    path,
    debug: (message, ...details) => log.debug(message, ...details),
    info: (message, ...details) => log.info(message, ...details),
    warn: (message, ...details) => log.warn(message, ...details),
    error: (message, ...details) => log.error(message, ...details),
  }
}

/**
 * LinkDeck's log file in both modes (app-log.ts opens it): rotated by size (linkdeck.log, linkdeck.1.log, …), every
 * line redacted before it is written or echoed.
 *
 * Writes are synchronous: lines are few (warnings, errors, connection changes), and a line written just before a
 * crash is the one a bug report needs.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../logger'
import { redactor as sharedRedactor, type Redactor } from './redact'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error']

export interface FileLoggerOptions {
  /** The folder of the log files (created when missing). */
  dir: string
  /** Lowest level written; default 'info'. */
  level?: LogLevel
  /** Bytes per file before it rotates; default 1 MB. */
  maxBytes?: number
  /** Files kept, the current one included; default 3. */
  files?: number
  redactor?: Redactor
  now?: () => number
  /** Also pass each line to another logger (the console), already redacted. */
  echo?: Logger
  fileName?: string
}

export interface FileLogger extends Logger {
  readonly dir: string
  readonly path: string
}

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const files = Math.max(1, options.files ?? 3)
  const redactor = options.redactor ?? sharedRedactor
  const now = options.now ?? Date.now
  const min = ORDER.indexOf(options.level ?? 'info')
  const fileName = options.fileName ?? 'linkdeck.log'
  const path = join(options.dir, fileName)
  const rotated = (n: number): string => join(options.dir, fileName.replace(/\.log$/, `.${n}.log`))
  let size = -1
  let broken = false

  const rotate = (): void => {
    const oldest = rotated(files - 1)
    if (files > 1 && existsSync(oldest)) unlinkSync(oldest)
    for (let n = files - 2; n >= 1; n--) if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1))
    if (files > 1) renameSync(path, rotated(1))
    else unlinkSync(path)
    size = 0
  }

  const write = (level: LogLevel, message: string, details: unknown[]): void => {
    const text = redactor.text(message) + details.map((d) => ' ' + redactor.detail(d)).join('')
    if (options.echo) options.echo[level](text)
    if (ORDER.indexOf(level) < min || broken) return
    const line = `${new Date(now()).toISOString()} [${level}] ${text}\n`
    try {
      if (size < 0) {
        mkdirSync(options.dir, { recursive: true })
        size = existsSync(path) ? statSync(path).size : 0
      }
      if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate()
      appendFileSync(path, line)
      size += Buffer.byteLength(line)
    } catch (error) {
      // A log that cannot be written must not take the app down; say it once on the console.
      broken = true
      console.warn(`LinkDeck cannot write its log file ${path}:`, (error as Error).message)
    }
  }

  return {
    dir: options.dir,
    path,
    debug: (m, ...d) => write('debug', m, d),
    info: (m, ...d) => write('info', m, d),
    warn: (m, ...d) => write('warn', m, d),
    error: (m, ...d) => write('error', m, d),
  }
}

/** Wraps any logger so what it receives is redacted first (for sinks that do not redact themselves). */
export function redactingLogger(inner: Logger, redactor: Redactor = sharedRedactor): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]) =>
      inner[level](redactor.text(message), ...details.map((d) => redactor.detail(d)))
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

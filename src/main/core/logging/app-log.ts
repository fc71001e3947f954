/**
 * LinkDeck's log, the same in both modes: `linkdeck.log` in the logs folder (the system's place for logs in the
 * desktop app, `<dataDir>/logs` in the browser mode), rotated by size into linkdeck.1.log and linkdeck.2.log, every
 * line redacted before it is written or echoed. `LINKDECK_LOG_LEVEL=debug` writes debug lines too.
 */
import { consoleLogger } from '../logger'
import { createFileLogger, type FileLogger, type LogLevel } from './file-logger'
import type { Redactor } from './redact'

export interface AppLogOptions {
  /** The folder of the log files (created on the first line). */
  dir: string
  /** What reaches the console besides the file, already redacted: a lowest level, or nothing. */
  console: LogLevel | false
  /** Where LINKDECK_LOG_LEVEL is read; default process.env. */
  env?: Record<string, string | undefined>
  redactor?: Redactor
}

export function openAppLog(options: AppLogOptions): FileLogger {
  const debug = (options.env ?? process.env).LINKDECK_LOG_LEVEL === 'debug'
  const consoleLevel = debug && options.console !== false ? 'debug' : options.console
  return createFileLogger({
    dir: options.dir,
    level: debug ? 'debug' : 'info',
    ...(consoleLevel === false ? {} : { echo: consoleLogger(consoleLevel) }),
    ...(options.redactor ? { redactor: options.redactor } : {}),
  })
}

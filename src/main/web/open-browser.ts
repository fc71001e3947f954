import { spawn } from 'node:child_process'
import type { Logger } from '../core/logger'

/** Opens a URL in the system browser where there is one; a headless host simply has none. */
export function openInBrowser(url: string, logger: Logger): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true })
    child.on('error', () => logger.info('no system browser to open; use the address above'))
    child.unref()
  } catch {
    logger.info('no system browser to open; use the address above')
  }
}

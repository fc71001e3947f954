/**
 * What the tray's menu does: open the window (on a printer), pause or resume a print, quit. Pause and resume go
 * through the same dispatcher as the window's calls (validation, error sentences); when one fails, the user is
 * told with a notification, since the tray has no place to show an error.
 */
import type { Dispatch } from '../core/dispatch'
import type { Notifier } from '../core/ports'
import type { TrayActions } from './tray'

export interface TrayActionsDeps {
  dispatch: Dispatch
  notifier: Notifier
  printerName(printerId: string): string | undefined
  show(): void
  navigate(printerId: string): void
  quit(): void
}

export function createTrayActions(deps: TrayActionsDeps): TrayActions & { readonly busy: Promise<void> } {
  let busy = Promise.resolve()
  let failures = 0
  const jobCall = (call: 'job.pause' | 'job.resume', verb: string, printerId: string): void => {
    busy = deps.dispatch(call, { printerId }).then((envelope) => {
      if (envelope.ok) return
      const name = deps.printerName(printerId) ?? 'the printer'
      deps.notifier.show({
        id: `tray-failure-${++failures}`,
        title: `Could not ${verb} ${name}`,
        body: [envelope.error.message, envelope.error.hint].filter(Boolean).join(' '),
        printerId,
      })
    })
  }
  return {
    get busy() {
      return busy
    },
    open: (printerId) => (printerId ? deps.navigate(printerId) : deps.show()),
    pause: (printerId) => jobCall('job.pause', 'pause', printerId),
    resume: (printerId) => jobCall('job.resume', 'resume', printerId),
    quit: () => deps.quit(),
  }
}

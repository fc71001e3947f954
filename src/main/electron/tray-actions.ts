/**
 * What the tray's menu does: open the window (on a printer), pause or resume a print, start the queued job once the
 * person says the bed is clear, quit. Those go through the same dispatcher as the window's calls (validation, error
 * sentences); when one fails, the user is told with a notification, since the tray has no place to show an error.
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
  const jobCall = (
    call: 'job.pause' | 'job.resume' | 'queue.confirmBed',
    verb: string,
    printerId: string,
    extra: Record<string, string> = {},
  ): void => {
    busy = deps.dispatch(call, { printerId, ...extra }).then((envelope) => {
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
    confirmBed: (printerId, jobId) =>
      jobCall('queue.confirmBed', 'start the next print on', printerId, { jobId }),
    quit: () => deps.quit(),
  }
}

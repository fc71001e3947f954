import type { PrinterSummary } from '../../../../shared/model'
import type { QueueJob } from '../../../../shared/queue'

/** One row of a printer's queue, as QueueJobRow shows it: the queue panel builds one for each job of its two lists. */
export interface JobRow {
  job: QueueJob
  /** 1-based place among the jobs that have not started; undefined for the running print and the groups' jobs. */
  place?: number
  canUp: boolean
  canDown: boolean
  /** Printers it can move to. */
  others: PrinterSummary[]
  printerName: (id: string) => string
}

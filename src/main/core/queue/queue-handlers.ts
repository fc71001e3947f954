/** The calls about the print queue (docs/queue.md), answered by the queue service. */
import type { Handlers } from '../dispatch'
import type { QueueService } from './queue-service'

export type QueueCallName =
  | 'queue.list'
  | 'queue.add'
  | 'queue.printOn'
  | 'queue.remove'
  | 'queue.reorder'
  | 'queue.move'
  | 'queue.moveAll'
  | 'queue.confirmBed'
  | 'queue.decide'
  | 'queue.retry'

export function queueHandlers(queue: QueueService): Pick<Handlers, QueueCallName> {
  return {
    'queue.list': () => queue.list(),
    'queue.add': (input) => queue.add(input),
    'queue.printOn': (input) => queue.printOn(input),
    'queue.remove': ({ jobId }) => queue.remove(jobId),
    'queue.reorder': ({ printerId, jobIds }) => queue.reorder(printerId, jobIds),
    'queue.move': ({ jobId, printerId }) => queue.move(jobId, printerId),
    'queue.moveAll': ({ fromPrinterId, toPrinterId }) => queue.moveAll(fromPrinterId, toPrinterId),
    'queue.confirmBed': ({ printerId, jobId }) => queue.confirmBed(printerId, jobId),
    'queue.decide': ({ jobId }) => queue.decide(jobId),
    'queue.retry': ({ jobId }) => queue.retry(jobId),
  }
}

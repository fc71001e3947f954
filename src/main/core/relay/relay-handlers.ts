/** The calls about the slicer connection (docs/slicer-connection.md), answered by the relay service. */
import type { Handlers } from '../dispatch'
import type { RelayService } from './relay-service'

export type RelayCallName = 'relay.get' | 'relay.update' | 'relay.regenerateKey'

export function relayHandlers(relay: RelayService): Pick<Handlers, RelayCallName> {
  return {
    'relay.get': () => relay.state(),
    'relay.update': (patch) => relay.update(patch),
    'relay.regenerateKey': () => relay.regenerateKey(),
  }
}

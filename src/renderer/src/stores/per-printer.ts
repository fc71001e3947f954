/**
 * Stores kept per printer (its file browser, its search, the slicer details it read): one Pinia store per
 * printer, `<kind>:<printerId>`, created on first use — switching printers and coming back finds each where it
 * was left — and disposed together when the printer is removed, so nothing of a removed printer stays in
 * memory or keeps listening to main.
 *
 * A store's setup frees what it holds outside Pinia (event subscriptions, timers) with `onScopeDispose`.
 */
import { getActivePinia, type StoreDefinition } from 'pinia'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any store definition; each use keeps its own type
type AnyDefinition = StoreDefinition<string, any, any, any>

const kinds = new Map<string, Map<string, AnyDefinition>>()

/**
 * `define(printerId)` builds the store definition of one printer (its id must be `${kind}:${printerId}`);
 * the answer gets (or creates) that printer's store.
 */
export function perPrinter<D extends AnyDefinition>(
  kind: string,
  define: (printerId: string) => D,
): (printerId: string) => ReturnType<D> {
  const definitions = new Map<string, AnyDefinition>()
  kinds.set(kind, definitions)
  return (printerId) => {
    let definition = definitions.get(printerId)
    if (!definition) {
      definition = define(printerId)
      definitions.set(printerId, definition)
    }
    return definition() as ReturnType<D>
  }
}

/** A printer was removed: its stores stop listening and their state is dropped. */
export function disposePrinterStores(printerId: string): void {
  const pinia = getActivePinia()
  for (const [kind, definitions] of kinds) {
    const definition = definitions.get(printerId)
    if (!definition) continue
    definitions.delete(printerId)
    const id = `${kind}:${printerId}`
    // Only a store that exists: asking the definition for one would create it.
    if (!pinia || pinia.state.value[id] === undefined) continue
    definition(pinia).$dispose()
    delete pinia.state.value[id]
  }
}

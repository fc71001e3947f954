/**
 * The core's event bus. Services emit contract events here; each transport subscribes once and forwards
 * every event to its windows or sockets. The core never reaches into a window.
 */
import type { EventName, EventPayload } from '../../shared/contract'

export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName]
export type EventListener = (event: AnyEvent) => void

export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void
  subscribe(listener: EventListener): () => void
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<EventListener>()
  return {
    emit(name, payload) {
      const event = { name, payload } as AnyEvent
      for (const listener of [...listeners]) {
        try {
          listener(event)
        } catch (error) {
          // One broken subscriber (a closed socket, a destroyed window) must not starve the others.
          onListenerError?.(error)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/**
 * An action a person started and waits for (export, start the demo, save a channel, create a folder): `busy` while
 * it runs — its button disabled, so it is not sent twice — and its failure, worded for them, in `error`, which the
 * next run clears. Nothing is retried here: a failed action waits for the person to try again.
 *
 * A page with one error line for several actions passes that line's ref; `describe` words a failure
 * (`errorSentence` unless the caller shows the message and the hint apart, with `toUserError`). The running itself
 * is the stores' `runAction` (stores/calls.ts), so a component's action and a store's fail alike.
 */
import { ref, type Ref } from 'vue'
import { runAction } from '../stores/calls'
import { errorSentence } from '../utils/user-error'

export interface BusyAction<E> {
  busy: Ref<boolean>
  error: Ref<E | undefined>
  /** Runs the action; whether it succeeded. */
  run: (action: () => Promise<unknown>) => Promise<boolean>
}

export function useBusyAction(error?: Ref<string | undefined>): BusyAction<string>
export function useBusyAction<E>(error: Ref<E | undefined>, describe: (e: unknown) => E): BusyAction<E>
export function useBusyAction<E>(
  error: Ref<E | undefined> = ref(),
  describe: (e: unknown) => E = errorSentence as (e: unknown) => E,
): BusyAction<E> {
  const busy = ref(false)
  const run = (action: () => Promise<unknown>): Promise<boolean> =>
    runAction(
      async () => {
        await action()
        return true
      },
      { busy, error, describe },
    )
  return { busy, error, run }
}

/**
 * The two ways a store asks main and keeps what went wrong for the window to say, so every store does it alike:
 * loading what it shows (the last error stays until a load works) and running what the user asked for (the last
 * error goes when they ask again). Neither throws: they answer whether it worked.
 */
import type { Ref } from 'vue'
import { errorSentence } from '../utils/user-error'

/**
 * Reads something from main into the store: `apply` takes the answer and `error` is cleared, or `error` holds
 * what went wrong (a sentence, unless `describe` keeps it another way) and the store keeps what it had.
 */
export function loadInto<T>(
  read: () => Promise<T>,
  apply: (value: T) => void,
  error: Ref<string | undefined>,
): Promise<boolean>
export function loadInto<T, E>(
  read: () => Promise<T>,
  apply: (value: T) => void,
  error: Ref<E | undefined>,
  describe: (e: unknown) => E,
): Promise<boolean>
export async function loadInto<T, E>(
  read: () => Promise<T>,
  apply: (value: T) => void,
  error: Ref<E | string | undefined>,
  describe: (e: unknown) => E | string = errorSentence,
): Promise<boolean> {
  try {
    apply(await read())
    error.value = undefined
    return true
  } catch (e) {
    error.value = describe(e)
    return false
  }
}

export interface ActionState<E> {
  /** True while the action runs (the button's spinner, a dialog's disabled Send). */
  busy?: Ref<boolean>
  error: Ref<E | undefined>
  /** How a failure is kept: errorSentence for a sentence, toUserError for message and hint. */
  describe: (e: unknown) => E
}

/**
 * Runs what the user asked for: the last error cleared first, `busy` while it runs, a failure kept in `error`.
 * Answers what `work` answered (it may say no itself, having set `error`), or false when it threw.
 */
export async function runAction<E>(work: () => Promise<boolean>, state: ActionState<E>): Promise<boolean> {
  if (state.busy) state.busy.value = true
  state.error.value = undefined
  try {
    return await work()
  } catch (e) {
    state.error.value = state.describe(e)
    return false
  } finally {
    if (state.busy) state.busy.value = false
  }
}

import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { useBusyAction } from '../../../../src/renderer/src/composables/busy-action'
import { toUserError, type UserError } from '../../../../src/renderer/src/utils/user-error'

describe('useBusyAction', () => {
  it('is busy while the action runs and says it succeeded', async () => {
    const { busy, error, run } = useBusyAction()
    let finish!: () => void
    const done = run(() => new Promise<void>((resolve) => (finish = resolve)))
    expect(busy.value).toBe(true)
    finish()
    expect(await done).toBe(true)
    expect(busy.value).toBe(false)
    expect(error.value).toBeUndefined()
  })

  it('words a failure into the page’s error line, which the next run clears, and never runs it again', async () => {
    const line = ref<string | undefined>()
    const { busy, run } = useBusyAction(line)
    let calls = 0
    const failing = async (): Promise<void> => {
      calls++
      throw new Error('The printer did not answer.')
    }
    expect(await run(failing)).toBe(false)
    expect(calls).toBe(1)
    expect(busy.value).toBe(false)
    expect(line.value).toContain('The printer did not answer.')
    let seen: string | undefined = 'unset'
    await run(async () => {
      seen = line.value
    })
    expect(seen).toBeUndefined()
  })

  it('keeps the message and the hint apart when asked to', async () => {
    const { error, run } = useBusyAction(ref<UserError>(), toUserError)
    await run(() => Promise.reject(new Error('No room left.')))
    expect(error.value?.message).toContain('No room left.')
  })
})

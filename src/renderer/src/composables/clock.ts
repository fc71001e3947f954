/**
 * One shared ticking clock for "last seen 2 min ago" and finish times: a single interval for the whole window
 * instead of one per card.
 */
import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue'

const now = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

export function useClock(intervalMs = 15_000): Ref<number> {
  users++
  if (!timer) timer = setInterval(() => (now.value = Date.now()), intervalMs)
  if (getCurrentScope())
    onScopeDispose(() => {
      users--
      if (users === 0 && timer) {
        clearInterval(timer)
        timer = undefined
      }
    })
  return now
}

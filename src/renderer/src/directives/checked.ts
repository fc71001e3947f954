/**
 * `v-checked="value"`: a checkbox or radio button bound one way to a saved value, which `showSaved(root)` puts
 * back on every such control under `root`.
 *
 * Settings apply through main, whose answer is the truth the page shows (decision 0502). When main refuses a
 * change, the value the control is bound to did not change — but the user toggled the control, and Vue
 * re-applies `:checked` (and v-model) only when the bound value changes, so the control would go on showing
 * the refused state. The page calls `showSaved` after a refusal instead. (Forcing a render would not reach
 * controls rendered in a child's slot, such as a settings section's.)
 */
import type { Directive } from 'vue'

const saved = new WeakMap<HTMLInputElement, boolean>()

export const vChecked: Directive<HTMLInputElement, boolean> = {
  mounted(el, { value }) {
    saved.set(el, value)
    el.checked = value
  },
  updated(el, { value, oldValue }) {
    saved.set(el, value)
    if (value !== oldValue) el.checked = value
  },
}

/** Shows the saved value again on every v-checked control inside `root` (after main refused a change). */
export function showSaved(root: ParentNode | null | undefined): void {
  for (const el of root?.querySelectorAll('input') ?? []) {
    const value = saved.get(el)
    if (value !== undefined && el.checked !== value) el.checked = value
  }
}

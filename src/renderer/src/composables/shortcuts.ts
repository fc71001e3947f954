/**
 * The window's keyboard shortcuts (ui.md). The desktop app: Ctrl/Cmd+1..9 printers, Ctrl/Cmd+0 dashboard,
 * Ctrl/Cmd+, settings, Ctrl/Cmd+U upload, Ctrl/Cmd+F files of the printer shown. In the browser mode those keys are
 * the browser's (tabs, zoom, view source, find in page), so the same commands are Alt+Shift+1..9, 0, ",", U and F
 * there, read by the physical key (Alt+Shift changes the character typed): docs/decisions/0560. `?` opens the
 * sheet in both; Escape is the dialogs' own (reka-ui); Space in the printer view belongs to the printer view.
 */
import { computed, onBeforeUnmount, onMounted, type ComputedRef } from 'vue'
import { useAppStore } from '../stores/app.store'
import { useNavStore } from '../stores/nav.store'
import { usePrintersStore } from '../stores/printers.store'

/** The commands the modifier shortcuts give: a printer's number, the dashboard, settings, upload, search. */
export type CommandKey = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '0' | ',' | 'u' | 'f'

const isMac = (): boolean => /Mac/.test(navigator.platform)

/**
 * The command this keydown gives, if it is one: Ctrl/Cmd+key in the desktop app, Alt+Shift+key (by the key's
 * place on the keyboard) in the browser mode.
 */
export function commandKey(event: KeyboardEvent, browserMode: boolean): CommandKey | undefined {
  if (browserMode) {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return undefined
    const code = event.code
    const key = /^Digit[0-9]$/.test(code)
      ? code.slice(5)
      : code === 'Comma'
        ? ','
        : code === 'KeyU' || code === 'KeyF'
          ? code.slice(3).toLowerCase()
          : undefined
    return key as CommandKey | undefined
  }
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return undefined
  const key = event.key.toLowerCase()
  return /^[0-9,uf]$/.test(key) ? (key as CommandKey) : undefined
}

/** The modifier keys of the commands, as the sheet and the tooltips show them, for this mode and platform. */
export function commandModifiers(browserMode: boolean, mac = isMac()): string[] {
  if (browserMode) return mac ? ['⌥', '⇧'] : ['Alt', 'Shift']
  return [mac ? '⌘' : 'Ctrl']
}

/** The modifiers of the window's command shortcuts, and a command written out (`Ctrl+1`, `Alt+Shift+1`). */
export function useCommandKeys(): { modifiers: ComputedRef<string[]>; label: (key: string) => string } {
  const app = useAppStore()
  const modifiers = computed(() =>
    commandModifiers(app.isBrowserMode, app.info?.platform === 'darwin' || isMac()),
  )
  return { modifiers, label: (key) => [...modifiers.value, key.toUpperCase()].join('+') }
}

/** True when the keyboard is busy typing: shortcuts without a modifier must not fire then. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = (target as HTMLInputElement).type
  return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(type)
}

/** True while a modal dialog is open: the shortcuts that switch views wait until it closes. */
export function dialogOpen(doc: Document = document): boolean {
  return (
    doc.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]') !== null
  )
}

export interface ShortcutActions {
  upload(): void
}

export function handleShortcut(event: KeyboardEvent, actions: ShortcutActions): boolean {
  const nav = useNavStore()
  const printers = usePrintersStore()
  const command = commandKey(event, useAppStore().isBrowserMode)
  if (command) {
    if (dialogOpen()) return false
    if (/^[1-9]$/.test(command)) {
      const printer = printers.summaries[Number(command) - 1]
      if (printer) nav.showPrinter(printer.id)
      return true
    }
    if (command === '0') {
      nav.showDashboard()
      return true
    }
    if (command === ',') {
      nav.showSettings()
      return true
    }
    if (command === 'u') {
      actions.upload()
      return true
    }
    if (command === 'f' && nav.view.name === 'printer' && nav.view.tab !== 'files') {
      // The file browser takes the search key itself once it shows; from elsewhere in a printer, go there first.
      nav.setTab('files')
      return true
    }
    return false
  }
  if (
    event.key === '?' &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.altKey &&
    !isTypingTarget(event.target)
  ) {
    if (dialogOpen()) return false
    nav.shortcutsOpen = true
    return true
  }
  return false
}

export function useShortcuts(actions: ShortcutActions): void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented) return
    if (handleShortcut(event, actions)) event.preventDefault()
  }
  onMounted(() => window.addEventListener('keydown', onKeyDown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeyDown))
}

/**
 * The window's keyboard shortcuts (ui.md): Ctrl/Cmd+1..9 printers, Ctrl/Cmd+0 dashboard, Ctrl/Cmd+, settings,
 * Ctrl/Cmd+U upload, Ctrl/Cmd+F files of the printer shown, `?` the sheet. Escape is the dialogs' own
 * (reka-ui); Space in the printer view belongs to the printer view.
 */
import { onBeforeUnmount, onMounted } from 'vue'
import { useNavStore } from '../stores/nav.store'
import { usePrintersStore } from '../stores/printers.store'

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
  const mod = (event.ctrlKey || event.metaKey) && !event.altKey
  if (mod && !event.shiftKey) {
    if (dialogOpen()) return false
    if (/^[1-9]$/.test(event.key)) {
      const printer = printers.summaries[Number(event.key) - 1]
      if (printer) nav.showPrinter(printer.id)
      return true
    }
    if (event.key === '0') {
      nav.showDashboard()
      return true
    }
    if (event.key === ',') {
      nav.showSettings()
      return true
    }
    if (event.key.toLowerCase() === 'u') {
      actions.upload()
      return true
    }
    if (event.key.toLowerCase() === 'f' && nav.view.name === 'printer' && nav.view.tab !== 'files') {
      // The file browser takes Ctrl+F itself once it shows; from elsewhere in a printer, go there first.
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

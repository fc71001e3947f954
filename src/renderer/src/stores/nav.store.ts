import { defineStore } from 'pinia'
import { ref } from 'vue'

export type PrinterTab = 'overview' | 'queue' | 'files' | 'history'

/** Where the main area is. No router: a desktop window has one place at a time and no address bar. */
export type View =
  | { name: 'dashboard' }
  | { name: 'printer'; printerId: string; tab: PrinterTab }
  | { name: 'ready' }
  | { name: 'history' }
  | { name: 'settings' }

/** The add / edit printer dialog: closed, adding, or editing one printer. */
export type PrinterFormState = { open: false } | { open: true; printerId?: string }

export const useNavStore = defineStore('nav', () => {
  const view = ref<View>({ name: 'dashboard' })
  const printerForm = ref<PrinterFormState>({ open: false })
  const shortcutsOpen = ref(false)

  function showDashboard(): void {
    view.value = { name: 'dashboard' }
  }
  /** Opens a printer; keeps the tab when switching between printers so "Files" stays "Files". */
  function showPrinter(printerId: string, tab?: PrinterTab): void {
    const current = view.value
    const keep = current.name === 'printer' ? current.tab : 'overview'
    view.value = { name: 'printer', printerId, tab: tab ?? keep }
  }
  function setTab(tab: PrinterTab): void {
    if (view.value.name === 'printer') view.value = { ...view.value, tab }
  }
  function showReady(): void {
    view.value = { name: 'ready' }
  }
  /** The fleet's print history: totals overall and per printer. */
  function showHistory(): void {
    view.value = { name: 'history' }
  }
  function showSettings(): void {
    view.value = { name: 'settings' }
  }
  function openAddPrinter(): void {
    printerForm.value = { open: true }
  }
  function openEditPrinter(printerId: string): void {
    printerForm.value = { open: true, printerId }
  }
  function closePrinterForm(): void {
    printerForm.value = { open: false }
  }
  /** A printer was removed: never leave the window on a page that shows nothing. */
  function forgetPrinter(printerId: string): void {
    if (view.value.name === 'printer' && view.value.printerId === printerId) showDashboard()
    if (printerForm.value.open && printerForm.value.printerId === printerId) closePrinterForm()
  }

  return {
    view,
    printerForm,
    shortcutsOpen,
    showDashboard,
    showPrinter,
    setTab,
    showReady,
    showHistory,
    showSettings,
    openAddPrinter,
    openEditPrinter,
    closePrinterForm,
    forgetPrinter,
  }
})

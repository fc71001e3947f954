import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

export type PrinterTab = 'overview' | 'queue' | 'files' | 'history'

/** Where the main area is. No router: a desktop window has one place at a time and no address bar. */
export type View =
  | { name: 'dashboard' }
  | { name: 'printer'; printerId: string; tab: PrinterTab }
  | { name: 'ready' }
  | { name: 'history' }
  | { name: 'settings' }

/** How the dashboard shows the printers: a card each, or a row each in a sortable list (a shelf of 10–100). */
export const DASHBOARD_LAYOUTS = ['cards', 'list'] as const
export type DashboardLayout = (typeof DASHBOARD_LAYOUTS)[number]
/** The list's sortable columns. */
export const LIST_SORT_KEYS = ['name', 'state', 'job', 'progress', 'timeLeft', 'temps', 'upload'] as const
export type ListSortKey = (typeof LIST_SORT_KEYS)[number]
export interface ListSort {
  key: ListSortKey
  dir: 'asc' | 'desc'
}

/**
 * The dashboard's view preferences, kept in this window's localStorage (decision 0725): how a person likes to look
 * is the window's, not a setting main keeps. A value that cannot be read (another version, a cleared storage)
 * falls back to the default.
 */
const PREFS_KEY = 'linkdeck.dashboard'
interface DashboardPrefs {
  layout: DashboardLayout
  sort: ListSort
}
const DEFAULT_PREFS: DashboardPrefs = { layout: 'cards', sort: { key: 'name', dir: 'asc' } }

function readPrefs(): DashboardPrefs {
  try {
    const raw = JSON.parse(
      globalThis.localStorage?.getItem(PREFS_KEY) ?? 'null',
    ) as Partial<DashboardPrefs> | null
    const layout = DASHBOARD_LAYOUTS.find((l) => l === raw?.layout) ?? DEFAULT_PREFS.layout
    const key = LIST_SORT_KEYS.find((k) => k === raw?.sort?.key)
    const dir = raw?.sort?.dir === 'desc' ? 'desc' : 'asc'
    return { layout, sort: key ? { key, dir } : DEFAULT_PREFS.sort }
  } catch {
    return DEFAULT_PREFS
  }
}

function writePrefs(prefs: DashboardPrefs): void {
  try {
    globalThis.localStorage?.setItem(PREFS_KEY, JSON.stringify(prefs))
  } catch {
    // Storage full or refused: the choice holds for this window's life.
  }
}

/** The add / edit printer dialog: closed, adding, or editing one printer. */
export type PrinterFormState = { open: false } | { open: true; printerId?: string }

export const useNavStore = defineStore('nav', () => {
  const view = ref<View>({ name: 'dashboard' })
  const printerForm = ref<PrinterFormState>({ open: false })
  const shortcutsOpen = ref(false)
  const prefs = readPrefs()
  const dashboardLayout = ref<DashboardLayout>(prefs.layout)
  const listSort = ref<ListSort>(prefs.sort)
  watch([dashboardLayout, listSort], () =>
    writePrefs({ layout: dashboardLayout.value, sort: listSort.value }),
  )

  /** Sorts the list by a column: the same column again turns the order round. */
  function sortListBy(key: ListSortKey): void {
    const current = listSort.value
    listSort.value =
      current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }
  }

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
    dashboardLayout,
    listSort,
    sortListBy,
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

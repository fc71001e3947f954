import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { DashboardLayout, PrinterListSort, PrinterListSortKey } from '../../../shared/model'
import { errorSentence } from '../utils/user-error'
import { useNoticesStore } from './notices.store'
import { useSettingsStore, type SettingsPatch } from './settings.store'

export type PrinterTab = 'overview' | 'queue' | 'files' | 'history'

/** Where the main area is. No router: a desktop window has one place at a time and no address bar. */
export type View =
  | { name: 'dashboard' }
  | { name: 'printer'; printerId: string; tab: PrinterTab }
  | { name: 'ready' }
  | { name: 'history' }
  | { name: 'settings' }

export type ListSortKey = PrinterListSortKey
export type ListSort = PrinterListSort

const DEFAULT_LAYOUT: DashboardLayout = 'cards'
const DEFAULT_SORT: ListSort = { key: 'name', dir: 'asc' }
const sameSort = (a: ListSort, b: ListSort): boolean => a.key === b.key && a.dir === b.dir

/** The add / edit printer dialog: closed, adding, or editing one printer. */
export type PrinterFormState = { open: false } | { open: true; printerId?: string }

export const useNavStore = defineStore('nav', () => {
  const view = ref<View>({ name: 'dashboard' })
  const printerForm = ref<PrinterFormState>({ open: false })
  const shortcutsOpen = ref(false)

  // The dashboard's Cards/List and the list's order are settings main keeps (like the file list's columns), so
  // they outlive a restart in both modes. The window answers a click at once and saves behind it; main's copy,
  // when it arrives or changes (another window), is adopted. A save refused is said, and the choice holds for
  // this window's life.
  const settings = useSettingsStore()
  const dashboardLayout = ref<DashboardLayout>(settings.settings?.dashboardLayout ?? DEFAULT_LAYOUT)
  const listSort = ref<ListSort>(settings.settings?.printerListSort ?? DEFAULT_SORT)
  watch(
    () => settings.settings?.dashboardLayout,
    (saved) => {
      if (saved) dashboardLayout.value = saved
    },
  )
  watch(
    () => settings.settings?.printerListSort,
    (saved) => {
      if (saved && !sameSort(saved, listSort.value)) listSort.value = saved
    },
  )
  function remember(patch: SettingsPatch): void {
    settings.update(patch).catch((e: unknown) => useNoticesStore().announce(errorSentence(e)))
  }
  watch(dashboardLayout, (layout) => {
    if ((settings.settings?.dashboardLayout ?? DEFAULT_LAYOUT) !== layout)
      remember({ dashboardLayout: layout })
  })
  watch(listSort, (sort) => {
    if (!sameSort(settings.settings?.printerListSort ?? DEFAULT_SORT, sort))
      remember({ printerListSort: sort })
  })

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

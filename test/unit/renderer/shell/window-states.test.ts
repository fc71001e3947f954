// @vitest-environment happy-dom
/**
 * The states a person meets, as the window shows them: passwords forgotten after a restart, a finished card after
 * a reload, a dismissed warning that stays dismissed.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { AppStatus, PrinterLive, UploadTask } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi } from '../fake-api'
import { BROWSER_APP_INFO, freshPinia, plugins, printing, summary } from './fixtures'
import PrinterCard from '../../../../src/renderer/src/components/dashboard/PrinterCard.vue'
import WarningsBanner from '../../../../src/renderer/src/components/shell/WarningsBanner.vue'
import { useAppStore } from '../../../../src/renderer/src/stores/app.store'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  sessionStorage.clear()
  pinia = freshPinia()
  document.body.innerHTML = ''
})

const status = (patch: Partial<AppStatus> = {}): AppStatus => ({
  warnings: [],
  secretsEncrypted: false,
  demoRunning: false,
  ...patch,
})

/** A printer LinkDeck has no password for: the printer refuses it, having been sent none. */
const refused = (id: string): PrinterLive => ({
  id,
  connection: 'auth-failed',
  connectionMessage: 'The printer asks for a password and none was given.',
  lastSeen: Date.now() - 2 * 60 * 60 * 1000,
  updatedAt: Date.now(),
})

async function load(list = [summary('p1')], live: PrinterLive[] = [], appStatus = status()): Promise<void> {
  answer('printers.list', list)
  answer('printers.live', live)
  answer('app.info', BROWSER_APP_INFO)
  answer('app.status', appStatus)
  answer('ready.list', { items: [], more: 0 })
  await Promise.all([usePrintersStore().load(), useAppStore().load()])
}

const mountCard = (index = 0) =>
  mount(PrinterCard, {
    props: {
      printer: usePrintersStore().summaries[index]!,
      index,
      count: usePrintersStore().summaries.length,
    },
    global: { plugins: plugins(pinia) },
    attachTo: document.body,
  })

describe('after a restart that forgot the passwords (kept for the session only)', () => {
  const forgotten = [
    summary('p1', { name: 'MK4-left', hasSecret: false, secretStorage: 'none' }),
    summary('p2', { name: 'MINI', hasSecret: false, secretStorage: 'none' }),
    summary('demo', { name: 'XL (demo)', hasSecret: false, secretStorage: 'none', demo: true }),
  ]

  it('one banner counts the printers whose password LinkDeck no longer has', async () => {
    await load(forgotten, [refused('p1'), refused('p2')])
    const banner = mount(WarningsBanner, { global: { plugins: plugins(pinia) } })
    expect(banner.findAll('[data-testid="forgotten-passwords"]')).toHaveLength(1)
    expect(banner.get('[data-testid="forgotten-passwords"]').text()).toContain(
      'LinkDeck has forgotten the passwords of 2 printers',
    )
  })

  it('each card says the password is needed, not refused, offers to enter it, and still says when it was last seen', async () => {
    await load(forgotten, [refused('p1'), refused('p2')])
    const card = mountCard()
    expect(card.get('[data-testid="card-state"]').text()).toBe('Password needed')
    expect(card.text()).not.toContain('refused')
    expect(card.get('[data-testid="card-reason"]').text()).toContain(
      'LinkDeck has no password for this printer',
    )
    expect(card.text()).toContain('last seen 2 h ago')
    await card.get('[data-testid="enter-password"]').trigger('click')
    expect(useNavStore().printerForm).toEqual({ open: true, printerId: 'p1' })
  })

  it('a password the printer really refused still says so', async () => {
    await load([summary('p1', { name: 'MK4-left' })], [refused('p1')], status({ secretsEncrypted: true }))
    const card = mountCard()
    expect(card.get('[data-testid="card-state"]').text()).toBe('Password refused')
    expect(card.find('[data-testid="enter-password"]').exists()).toBe(false)
  })
})

describe('a long reason on a card', () => {
  it('is cut to a few lines with "Show all", which shows it whole', async () => {
    const long =
      'The printer did not answer at 192.168.1.20: the connection timed out after 5 s. ' +
      'Check that it is switched on and on the same network, that its address has not changed, and that no firewall ' +
      'between this computer and the printer blocks port 80. '.repeat(3)
    await load(
      [summary('p1', { name: 'MK4-left' })],
      [{ id: 'p1', connection: 'unreachable', connectionMessage: long, updatedAt: Date.now() }],
    )
    // happy-dom lays nothing out: the reason's box says it holds more than it shows.
    const heights = vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (
      this: HTMLElement,
    ) {
      return this.classList.contains('reason-text') ? 200 : 0
    })
    const clientHeights = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (
      this: HTMLElement,
    ) {
      return this.classList.contains('reason-text') ? 80 : 0
    })
    try {
      const card = mountCard()
      await flushPromises()
      const reason = card.get('[data-testid="card-reason"]')
      expect(reason.text()).toContain('blocks port 80.')
      const more = reason.get('button')
      expect(more.text()).toBe('Show all')
      expect(more.attributes('aria-expanded')).toBe('false')
      await more.trigger('click')
      expect(more.text()).toBe('Show less')
      expect(more.attributes('aria-expanded')).toBe('true')
      expect(reason.get('.reason-text').classes()).toContain('open')
    } finally {
      heights.mockRestore()
      clientHeights.mockRestore()
    }
  })
})

describe('a dismissed warning', () => {
  it('stays dismissed after the window reloads', async () => {
    const warning = 'The settings file was damaged and set aside.'
    await load([summary('p1')], [], status({ warnings: [warning], secretsEncrypted: true }))
    const banner = mount(WarningsBanner, { global: { plugins: plugins(pinia) } })
    expect(banner.text()).toContain(warning)
    await banner.get('button[aria-label="Dismiss"]').trigger('click')
    expect(banner.text()).not.toContain(warning)
    banner.unmount()

    // A reload: new stores, the same main, the same warning in its status.
    pinia = freshPinia()
    await load([summary('p1')], [], status({ warnings: [warning], secretsEncrypted: true }))
    const again = mount(WarningsBanner, { global: { plugins: plugins(pinia) } })
    expect(again.text()).not.toContain(warning)
    emit('app.status', status({ warnings: [warning, 'Another one.'], secretsEncrypted: true }))
    await again.vm.$nextTick()
    expect(again.text()).toContain('Another one.')
    expect(again.text()).not.toContain(warning)
  })
})

describe('a finished card', () => {
  it('keeps its file name and picture after a reload, from the job main kept', async () => {
    const printed = printing('p1', { state: 'FINISHED', progress: 100 })
    const finished: PrinterLive = {
      ...printed,
      job: undefined,
      lastJob: printed.job,
      status: { ...printed.status!, job: undefined },
    }
    await load([summary('p1', { name: 'MK4-left' })], [finished], status({ secretsEncrypted: true }))
    const card = mountCard()
    expect(card.get('[data-testid="card-state"]').text()).toContain('Finished')
    expect(card.get('[data-testid="card-file"]').text()).toContain('Benchy_0.2mm_PLA_MK4S_1h12m.bgcode')
    expect(card.get('[data-testid="card-percent"]').text()).toBe('100 %')
    expect(card.get('img').attributes('src')).toContain('/thumb/p1/large?path=%2Fusb%2FBENCHY%7E1.BGC')
  })
})

describe('no toast for what the user just did', () => {
  it('pausing a print shows no "paused" toast, while a pause from elsewhere still does', async () => {
    const { useNoticesStore } = await import('../../../../src/renderer/src/stores/notices.store')
    await load([summary('p1', { name: 'MK4-left' })], [printing('p1')], status({ secretsEncrypted: true }))
    const notices = useNoticesStore()
    notices.init()
    answer('job.pause', undefined)
    await usePrintersStore().runJob('p1', 'pause')
    const paused = (id: string) => ({
      id,
      kind: 'paused' as const,
      printerId: 'p1',
      title: 'Print paused on MK4-left',
      body: 'Benchy is paused.',
      at: Date.now(),
    })
    emit('notice', paused('n1'))
    expect(notices.toasts).toEqual([])
    // The next pause was not asked for here (the printer's own screen): it shows.
    emit('notice', paused('n2'))
    expect(notices.toasts.map((n) => n.id)).toEqual(['n2'])
  })
})

describe('deleting one file', () => {
  it('asks in the singular', async () => {
    const { i18n } = await import('../../../../src/renderer/src/i18n')
    const t = i18n.global.t
    expect(t('files.deleteTitle', 1)).toBe('Delete one file?')
    expect(t('files.deleteBody', 1)).toBe('This removes it from the printer’s storage. It cannot be undone.')
    expect(t('files.deleteBody', 3)).toBe(
      'This removes them from the printer’s storage. It cannot be undone.',
    )
  })
})

describe('Print on a busy printer', () => {
  it('is neither the primary nor an enabled action, and says why', async () => {
    const { default: FileDetails } =
      await import('../../../../src/renderer/src/components/files/FileDetails.vue')
    const entry = printing('p1').job!.file!
    const details = mount(FileDetails, {
      props: {
        printerId: 'p1',
        entry,
        selectedCount: 1,
        shortNames: false,
        printBlocked: 'MK4-left is printing: a new file can start once it is free.',
      },
      global: { plugins: plugins(pinia) },
    })
    const print = details.get('[data-testid="details-print"]')
    expect(print.attributes('disabled')).toBeDefined()
    expect(print.classes()).not.toContain('btn-primary')
    expect(details.text()).toContain('MK4-left is printing: a new file can start once it is free.')
    // The print queue's "Print next" is there to act where Print cannot.
    expect(details.get('[data-testid="details-print-next"]').attributes('disabled')).toBeUndefined()
    await details.setProps({ printBlocked: undefined })
    expect(details.get('[data-testid="details-print"]').classes()).toContain('btn-primary')
  })
})

describe('removing things asks where something is lost', () => {
  const mountForm = async (printerId?: string) => {
    const { default: PrinterForm } =
      await import('../../../../src/renderer/src/components/printer-form/PrinterForm.vue')
    return mount(PrinterForm, {
      props: { printerId },
      global: { plugins: plugins(pinia) },
      attachTo: document.body,
    })
  }

  it('saving a printer whose test just failed asks first, and saves on the word', async () => {
    answer('printers.test', {
      ok: false,
      error: { code: 'AUTH_FAILED', message: 'The printer refused the password.' },
    })
    answer('printers.add', (input) => ({ ...summary('new'), ...input }))
    const form = await mountForm()
    await form.get('#printer-name').setValue('MK4-left')
    await form.get('#printer-address').setValue('mk4.local')
    await form.get('#printer-secret').setValue('wrong')
    await form.get('[data-testid="test-connection"]').trigger('click')
    await flushPromises()
    await form.get('form').trigger('submit')
    await flushPromises()
    const ask = document.querySelector('[data-testid="save-anyway-dialog"]')
    expect(ask?.textContent).toContain('The connection test just failed: The printer refused the password.')
    expect(callsOf('printers.add')).toEqual([])
    const saveAnyway = [...ask!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Save anyway',
    )
    saveAnyway!.click()
    await flushPromises()
    expect(callsOf('printers.add')).toHaveLength(1)
  })

  it('removing a printer that is uploading names the upload', async () => {
    const { useUploadsStore } = await import('../../../../src/renderer/src/stores/uploads.store')
    await load([summary('p1', { name: 'MK4-left' })], [printing('p1')], status({ secretsEncrypted: true }))
    useUploadsStore().upsert(uploadTask('t1', { targetName: 'benchy.bgcode' }))
    const form = await mountForm('p1')
    await form
      .findAll('button')
      .find((b) => b.text() === 'Remove printer')!
      .trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="remove-printer-dialog"]')?.textContent).toContain(
      'Its upload of benchy.bgcode is cancelled.',
    )
  })

  it('a removed printer’s upload shows the printer’s name and offers no Retry', async () => {
    const { default: UploadsBar } =
      await import('../../../../src/renderer/src/components/upload/UploadsBar.vue')
    await load([summary('p1', { name: 'MK4-left' })], [], status({ secretsEncrypted: true }))
    answer('uploads.list', [uploadTask('t1', { state: 'cancelled', printerName: 'MK4-left' })])
    const bar = mount(UploadsBar, { global: { plugins: plugins(pinia) }, attachTo: document.body })
    await flushPromises()
    expect(bar.find('[data-testid="upload-task"]').text()).toContain('Retry')
    emit('printer.removed', { id: 'p1' })
    await flushPromises()
    const row = bar.get('[data-testid="upload-task"]')
    expect(row.text()).toContain('MK4-left')
    expect(row.text()).not.toContain('p1')
    expect(row.text()).not.toContain('Retry')
    expect(row.get('[data-testid="upload-printer-gone"]').text()).toContain('MK4-left was removed')
  })
})

function uploadTask(id: string, extra: Partial<UploadTask> = {}): UploadTask {
  return {
    id,
    printerId: 'p1',
    fileName: 'benchy.bgcode',
    targetFolder: '/usb',
    targetName: 'benchy.bgcode',
    printAfterUpload: false,
    conflict: 'ask',
    state: 'uploading',
    bytesSent: 500,
    bytesTotal: 1000,
    createdAt: 1,
    ...extra,
  }
}

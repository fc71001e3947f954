// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { UploadTask } from '../../../../src/shared/model'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'
import { printer, usb } from '../files/fixtures'
import { printing } from '../shell/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { default: UploadDialog } =
  await import('../../../../src/renderer/src/components/upload/UploadDialog.vue')
const { default: UploadsBar } = await import('../../../../src/renderer/src/components/upload/UploadsBar.vue')
const { useUploadDialogStore } = await import('../../../../src/renderer/src/stores/upload-dialog.store')
const { resetPrinterLookup } = await import('../../../../src/renderer/src/composables/printer-lookup')
const { usePrintersStore } = await import('../../../../src/renderer/src/stores/printers.store')

let wrapper: VueWrapper | undefined
const $ = <T extends Element = HTMLElement>(selector: string): T | null => document.querySelector<T>(selector)
const $$ = <T extends Element = HTMLElement>(selector: string): T[] => [
  ...document.querySelectorAll<T>(selector),
]

const task = (id: string, extra: Partial<UploadTask> = {}): UploadTask => ({
  id,
  printerId: 'p1',
  fileName: 'benchy.gcode',
  targetFolder: '/usb',
  targetName: 'benchy.gcode',
  printAfterUpload: false,
  conflict: 'ask',
  state: 'uploading',
  bytesSent: 500_000,
  bytesTotal: 1_000_000,
  rate: 250_000,
  eta: 2,
  createdAt: 1,
  ...extra,
})

beforeEach(() => {
  resetFakeApi()
  resetPrinterLookup()
  setActivePinia(createPinia())
  answer('printers.list', [printer('p1', 'MK4-left'), printer('p2', 'MINI-desk')])
  answer('printers.live', [])
  answer('files.storages', [usb])
  answer('uploads.list', [])
  answer('uploads.preview', ({ source }) => ({
    source,
    name: source.kind === 'path' ? (source.path.split('/').pop() ?? '') : source.stagedId,
    size: 2_400_000,
    format: 'bgcode' as const,
    metadata: {
      printerModel: 'MK4S',
      estimatedPrintTime: 4320,
      filamentType: 'PLA',
      filamentUsedG: 12.3,
      raw: {},
    },
    thumbnailDataUrl: 'data:image/png;base64,AAAA',
    modelWarnings: { p2: 'Sliced for MK4S; MINI-desk is a MINI.' },
  }))
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

describe('the upload dialog', () => {
  async function open(printerIds?: string[], folder?: string): Promise<void> {
    wrapper = mount(UploadDialog, { global: { plugins: [i18n] }, attachTo: document.body })
    await useUploadDialogStore().open({
      files: [{ kind: 'path', path: '/slicer/benchy.bgcode' }],
      printerIds,
      folder,
    })
    await flushPromises()
    await settle()
  }

  it('shows the preview: thumbnail, time, filament and the model it was sliced for', async () => {
    await open(['p1'])
    const file = $('[data-testid="upload-file"]')!
    expect(file.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,AAAA')
    expect(file.textContent).toContain('2.4 MB')
    expect(file.textContent).toContain('1 h 12 min')
    expect(file.textContent).toContain('PLA 12 g · Sliced for MK4S')
    expect(file.textContent).toContain('Sliced for MK4S')
  })

  it('warns about the model only when a printer of another model is chosen', async () => {
    await open(['p1'])
    expect($$('[data-testid="model-warning"]')).toHaveLength(0)
    const mini = $$<HTMLInputElement>('input[type="checkbox"][value="p2"]')[0]!
    mini.click()
    await flushPromises()
    expect($('[data-testid="model-warning"]')?.textContent).toContain('MINI-desk is a MINI')
  })

  it('defaults the folder to the printer’s first writable storage, or the folder it was dropped on', async () => {
    await open(['p1'])
    expect($<HTMLInputElement>('[data-testid="upload-folder"]')!.value).toBe('/usb')
    useUploadDialogStore().close()
    await flushPromises()
    await open(['p1'], '/usb/Projects for 2026')
    expect($<HTMLInputElement>('[data-testid="upload-folder"]')!.value).toBe('/usb/Projects for 2026')
  })

  it('uploads to two printers with the chosen name and policy, keeping the file there', async () => {
    answer('uploads.start', [task('t1'), task('t2', { printerId: 'p2' })])
    await open(['p1', 'p2'])
    const name = $<HTMLInputElement>('[data-testid="upload-name"]')!
    expect(name.value).toBe('benchy.bgcode')
    name.value = 'benchy-final.bgcode'
    name.dispatchEvent(new Event('input'))
    $$<HTMLInputElement>('input[type="radio"][value="rename"]')[0]!.click()
    await flushPromises()
    const send = $<HTMLButtonElement>('[data-testid="upload-send"]')!
    expect(send.textContent?.trim()).toBe('Upload to 2 printers')
    send.click()
    await flushPromises()
    expect(callsOf('uploads.start')).toEqual([
      {
        files: [{ source: { kind: 'path', path: '/slicer/benchy.bgcode' }, name: 'benchy-final.bgcode' }],
        printerIds: ['p1', 'p2'],
        printAfterUpload: false,
        conflict: 'rename',
      },
    ])
    expect(useUploadDialogStore().isOpen).toBe(false)
  })

  it('prints on two printers through the queue, saying first that this is the word on their beds', async () => {
    answer('queue.printOn', [])
    await open(['p1', 'p2'])
    $<HTMLInputElement>('[data-testid="print-after"]')!.click()
    await flushPromises()
    expect($('[data-testid="print-note"]')?.textContent).toMatch(/counts as your word that its bed is clear/)
    const send = $<HTMLButtonElement>('[data-testid="upload-send"]')!
    expect(send.textContent?.trim()).toBe('Print on 2 printers')
    send.click()
    await flushPromises()
    expect(callsOf('uploads.start')).toEqual([])
    expect(callsOf('queue.printOn')).toEqual([
      {
        file: { kind: 'local', source: { kind: 'path', path: '/slicer/benchy.bgcode' } },
        printerIds: ['p1', 'p2'],
        name: 'benchy.bgcode',
        conflict: 'ask',
      },
    ])
    expect(useUploadDialogStore().isOpen).toBe(false)
  })

  it('offers the queue first for a file dropped on a printer that is printing, and queues it there', async () => {
    answer('printers.live', [printing('p1')])
    answer('queue.list', [])
    answer('queue.add', (input) => ({
      id: 'j1',
      target: input.target,
      printerId: 'p1',
      file: { kind: 'local' as const, path: '/slicer/benchy.bgcode', name: 'benchy.bgcode' },
      name: 'benchy.bgcode',
      conflict: 'ask' as const,
      state: 'queued' as const,
      createdAt: 0,
    }))
    await usePrintersStore().load()
    await open(['p1'])
    expect($<HTMLInputElement>('[data-testid="then-queue"]')!.checked).toBe(true)
    const send = $<HTMLButtonElement>('[data-testid="upload-send"]')!
    expect(send.textContent?.trim()).toBe('Add to the queue')
    send.click()
    await flushPromises()
    expect(callsOf('uploads.start')).toEqual([])
    expect(callsOf('queue.add')).toEqual([
      {
        file: { kind: 'local', source: { kind: 'path', path: '/slicer/benchy.bgcode' } },
        target: { kind: 'printer', printerId: 'p1' },
        name: 'benchy.bgcode',
        folder: '/usb',
        conflict: 'ask',
      },
    ])
  })

  it('says before Upload that a name is too long for a Buddy printer, by how much, and waits until it fits', async () => {
    answer('printers.live', [
      { id: 'p1', connection: 'online', family: 'buddy', updatedAt: 1 },
      { id: 'p2', connection: 'online', family: 'pi', updatedAt: 1 },
    ])
    await open(['p1', 'p2'])
    const name = $<HTMLInputElement>('[data-testid="upload-name"]')!
    const send = $<HTMLButtonElement>('[data-testid="upload-send"]')!
    expect($('[data-testid="name-too-long"]')).toBeNull()
    // 107 characters: /usb/ and the name make 112, the printer's limit is 103.
    name.value = `${'a'.repeat(100)}.bgcode`
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    const said = $('[data-testid="name-too-long"]')!
    // Only the Buddy printer: the Pi's PrusaLink has no such limit.
    expect(said.textContent).toContain('Too long for MK4-left:')
    expect(said.textContent).not.toContain('MINI-desk')
    expect(said.textContent).toContain('has 112 characters with its folder; the limit is 103.')
    expect(said.textContent).toContain('Shorten the name by 9 characters, or choose a folder nearer the top.')
    expect(name.getAttribute('aria-invalid')).toBe('true')
    expect(name.getAttribute('aria-describedby')).toBe(said.id)
    expect(send.disabled).toBe(true)

    name.value = `${'a'.repeat(91)}.bgcode`
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    expect($('[data-testid="name-too-long"]')).toBeNull()
    expect(send.disabled).toBe(false)
  })

  it('counts a name’s encoded bytes too, and says when only a shorter folder helps', async () => {
    answer('printers.live', [{ id: 'p1', connection: 'online', family: 'buddy', updatedAt: 1 }])
    await open(['p1'])
    const name = $<HTMLInputElement>('[data-testid="upload-name"]')!
    // 30 accented letters: 60 bytes on the storage, 180 once percent-encoded in the address; each one taken off
    // saves 6 of the 37 bytes too many.
    name.value = `${'é'.repeat(30)}.bgcode`
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    expect($('[data-testid="name-too-long"]')!.textContent).toContain(
      'encoded for the printer, the address of “/usb/',
    )
    expect($('[data-testid="name-too-long"]')!.textContent).toMatch(/has 205 bytes; the limit is 168/)
    expect($('[data-testid="name-too-long"]')!.textContent).toContain('Shorten the name by 7 characters')

    name.value = 'part.bgcode'
    name.dispatchEvent(new Event('input'))
    const folder = $<HTMLInputElement>('[data-testid="upload-folder"]')!
    folder.value = `/usb/${'folder/'.repeat(15)}`
    folder.dispatchEvent(new Event('input'))
    await flushPromises()
    expect($('[data-testid="name-too-long"]')!.textContent).toContain(
      'Choose a folder nearer the top: the folder’s path alone is too long.',
    )
  })

  it('cannot send without a printer', async () => {
    await open([])
    expect($<HTMLButtonElement>('[data-testid="upload-send"]')!.disabled).toBe(true)
  })
})

describe('the uploads bar', () => {
  async function mountBar(): Promise<VueWrapper> {
    wrapper = mount(UploadsBar, { global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }

  it('stays hidden without uploads and shows progress, rate and time left live', async () => {
    const w = await mountBar()
    expect(w.find('[data-testid="uploads-bar"]').exists()).toBe(false)
    emit('upload.updated', task('t1'))
    await flushPromises()
    expect(w.text()).toContain('1 running · 50 % · 250 kB/s')
    await w
      .findAll('button')
      .find((b) => b.text().includes('Show uploads'))!
      .trigger('click')
    const row = w.find('[data-testid="upload-task"]')
    expect(row.text()).toContain('benchy.gcode')
    expect(row.text()).toContain('MK4-left')
    expect(row.text()).toContain('Uploading')
    expect(row.text()).toContain('2 s left')
  })

  it('says it is measuring rather than showing a rate or time left that mean nothing yet', async () => {
    const w = await mountBar()
    emit('upload.updated', task('t1', { bytesSent: 0, rate: undefined, eta: undefined }))
    await flushPromises()
    await w
      .findAll('button')
      .find((b) => b.text().includes('Show uploads'))!
      .trigger('click')
    const row = w.find('[data-testid="upload-task"]')
    expect(row.find('[data-testid="upload-measuring"]').text()).toBe('measuring speed…')
    expect(row.find('.numbers').text()).not.toMatch(/left|B\/s/)
    emit('upload.updated', task('t1'))
    await flushPromises()
    expect(w.find('[data-testid="upload-measuring"]').exists()).toBe(false)
    expect(w.find('[data-testid="upload-task"]').text()).toContain('250 kB/s')
  })

  it('asks a conflict inline and sends the answer', async () => {
    answer('uploads.resolveConflict', undefined)
    const w = await mountBar()
    emit(
      'upload.updated',
      task('t1', { state: 'conflict', conflictWith: { name: 'benchy.gcode', size: 900_000 } }),
    )
    await flushPromises()
    expect(w.text()).toContain('benchy.gcode already exists on MK4-left:')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Keep both')!
      .trigger('click')
    await flushPromises()
    expect(callsOf('uploads.resolveConflict')).toEqual([{ taskId: 't1', decision: 'rename' }])
  })

  it('offers Retry for a failed upload with its reason, and clears finished ones', async () => {
    answer('uploads.retry', task('t1', { state: 'queued' }))
    answer('uploads.clearFinished', undefined)
    const w = await mountBar()
    emit(
      'upload.updated',
      task('t1', {
        state: 'failed',
        error: { code: 'STORAGE_FULL', message: 'The USB stick is full.', hint: 'Delete old files.' },
      }),
    )
    emit('upload.updated', task('t2', { state: 'done', bytesSent: 1_000_000 }))
    await flushPromises()
    await w
      .findAll('button')
      .find((b) => b.text().includes('Show uploads'))!
      .trigger('click')
    expect(w.text()).toContain('The USB stick is full. Delete old files.')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Retry')!
      .trigger('click')
    await flushPromises()
    expect(callsOf('uploads.retry')).toEqual([{ taskId: 't1' }])
    await w
      .findAll('button')
      .find((b) => b.text() === 'Clear finished')!
      .trigger('click')
    await flushPromises()
    expect(w.findAll('[data-testid="upload-task"]')).toHaveLength(1)
  })

  it('offers no Retry for a failure a retry would only repeat, and says what to change', async () => {
    const w = await mountBar()
    emit(
      'upload.updated',
      task('t1', {
        state: 'failed',
        error: {
          code: 'NAME_TOO_LONG',
          message: 'The path “/usb/a…” is 112 characters long; the printer allows 103.',
          hint: 'Shorten the name by 9 characters, or use fewer folders.',
        },
      }),
    )
    emit('upload.updated', task('t2', { state: 'failed', error: { code: 'TIMEOUT', message: 'No answer.' } }))
    await flushPromises()
    await w
      .findAll('button')
      .find((b) => b.text().includes('Show uploads'))!
      .trigger('click')
    const [tooLong, timedOut] = w.findAll('[data-testid="upload-task"]')
    expect(tooLong!.text()).toContain('Shorten the name by 9 characters')
    expect(tooLong!.findAll('button').map((b) => b.text())).not.toContain('Retry')
    expect(timedOut!.findAll('button').map((b) => b.text())).toContain('Retry')
  })
})

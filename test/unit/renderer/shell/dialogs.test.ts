// @vitest-environment happy-dom
/**
 * Where a dialog puts the focus when it opens: on the first field or the primary action, never on a button that
 * throws away what was dropped (Enter right after a drop removed the upload dialog's first file).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { answer, resetFakeApi, settle } from '../fake-api'
import { printer, usb } from '../files/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { initialFocusIn } = await import('../../../../src/renderer/src/components/common/dialog')
const { default: UploadDialog } =
  await import('../../../../src/renderer/src/components/upload/UploadDialog.vue')
const { useUploadDialogStore } = await import('../../../../src/renderer/src/stores/upload-dialog.store')
const { resetPrinterLookup } = await import('../../../../src/renderer/src/composables/printer-lookup')
const { usePrintersStore } = await import('../../../../src/renderer/src/stores/printers.store')

function box(html: string): HTMLElement {
  const element = document.createElement('div')
  element.innerHTML = html
  document.body.append(element)
  return element
}

describe('initialFocusIn', () => {
  afterEach(() => (document.body.innerHTML = ''))

  it('skips a list’s remove buttons for the first field', () => {
    const el = box(
      '<ul><li>a.gcode <button aria-label="Remove a.gcode">×</button></li></ul>' +
        '<label><input type="checkbox" id="first"> MK4</label><input id="folder"><button type="submit">Upload</button>',
    )
    expect(initialFocusIn(el)?.id).toBe('first')
  })

  it('prefers the submit button when asked and it is enabled, else the first field', () => {
    const enabled = box('<input id="name"><button type="submit" id="send">Upload</button>')
    expect(initialFocusIn(enabled, 'submit')?.id).toBe('send')
    const disabled = box('<input id="name2"><button type="submit" id="send2" disabled>Upload</button>')
    expect(initialFocusIn(disabled, 'submit')?.id).toBe('name2')
  })

  it('follows an element marked data-autofocus, and leaves a dialog without fields to the shell', () => {
    expect(initialFocusIn(box('<input><button id="go" data-autofocus>Go</button>'))?.id).toBe('go')
    expect(initialFocusIn(box('<p>Shortcuts</p><button>Close</button>'))).toBeUndefined()
  })
})

describe('the upload dialog opens', () => {
  let wrapper: VueWrapper | undefined
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
      name: 'benchy.bgcode',
      size: 2_400_000,
      format: 'bgcode' as const,
      modelWarnings: {},
    }))
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  async function open(printerIds: string[]): Promise<void> {
    // The window knows its printers before anything is dropped.
    await usePrintersStore().load()
    wrapper = mount(UploadDialog, { global: { plugins: [i18n] }, attachTo: document.body })
    await useUploadDialogStore().open({
      files: [{ kind: 'path', path: '/slicer/benchy.bgcode' }],
      printerIds,
    })
    await flushPromises()
    await settle()
  }

  it('with the focus on Upload when a printer is chosen, so Enter sends', async () => {
    await open(['p1'])
    expect(document.activeElement?.getAttribute('data-testid')).toBe('upload-send')
  })

  it('with the focus on the first printer when none is chosen, never on the file’s remove button', async () => {
    await open([])
    const active = document.activeElement as HTMLInputElement | null
    expect(active?.type).toBe('checkbox')
    expect(active?.value).toBe('p1')
    expect(document.querySelectorAll('[data-testid="upload-file"]')).toHaveLength(1)
  })

  it('shows its store’s failure as the form’s last line, and tells the store when the person closes it', async () => {
    await open(['p1'])
    const store = useUploadDialogStore()
    store.error = { message: 'MK4-left refused the file.', hint: 'Free some space on the USB drive.' }
    await flushPromises()
    const line = document.querySelector('[data-testid="upload-dialog"] form > [role="alert"]:last-child')
    expect(line?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'MK4-left refused the file. Free some space on the USB drive.',
    )
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(store.isOpen).toBe(false)
  })
})

// @vitest-environment happy-dom
/**
 * Settings → Slicer connection and what a slicer's file does to the window: the section shows the key and what to
 * enter in each slicer, applies each change through main (and shows the saved value when main refuses), asks before
 * making a new key; a file sent to "Ask in LinkDeck" opens the upload dialog with it and the slicer's "print".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { RelayState } from '../../../../src/shared/relay'
import { DEFAULT_RELAY_SETTINGS } from '../../../../src/shared/relay'
import { RemoteError } from '../../../../src/shared/errors'
import { answer, callsOf, emit, resetFakeApi, settle } from '../fake-api'
import { printer, usb } from '../files/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { i18n } = await import('../../../../src/renderer/src/i18n')
const { default: SlicerConnectionSettings } =
  await import('../../../../src/renderer/src/components/slicer-connection/SlicerConnectionSettings.vue')
const { default: UploadDialog } =
  await import('../../../../src/renderer/src/components/upload/UploadDialog.vue')
const { useSlicerConnectionStore } =
  await import('../../../../src/renderer/src/stores/slicer-connection.store')
const { useUploadDialogStore } = await import('../../../../src/renderer/src/stores/upload-dialog.store')
const { usePrintersStore } = await import('../../../../src/renderer/src/stores/printers.store')
const { resetPrinterLookup } = await import('../../../../src/renderer/src/composables/printer-lookup')

const wrappers: VueWrapper[] = []
const $ = <T extends Element = HTMLElement>(selector: string): T | null => document.querySelector<T>(selector)

function relayState(patch: Partial<RelayState> = {}): RelayState {
  return {
    settings: { ...DEFAULT_RELAY_SETTINGS, enabled: true },
    apiKey: 'Kx7hQ2mZp9TaWv3bNc4R',
    hasDigestPassword: false,
    secretStorage: 'encrypted',
    listening: { state: 'listening', port: 8615, lan: false },
    lanAddresses: [],
    ...patch,
  }
}

beforeEach(async () => {
  resetFakeApi()
  resetPrinterLookup()
  setActivePinia(createPinia())
  answer('printers.list', [printer('p1', 'MK4-left')])
  answer('printers.live', [])
  answer('files.storages', [usb])
  answer('uploads.preview', ({ source }) => ({
    source,
    name: 'Benchy_0.2mm.gcode',
    size: 1_200_000,
    format: 'gcode' as const,
    modelWarnings: {},
  }))
  answer('relay.get', relayState())
  await usePrintersStore().load()
})
afterEach(() => {
  for (const w of wrappers.splice(0)) w.unmount()
  document.body.innerHTML = ''
})

async function section(): Promise<VueWrapper> {
  const wrapper = mount(SlicerConnectionSettings, { global: { plugins: [i18n] }, attachTo: document.body })
  wrappers.push(wrapper)
  await flushPromises()
  return wrapper
}

describe('the settings section', () => {
  it('shows where it listens, the key, and what to enter in each slicer', async () => {
    const view = await section()
    expect(view.get('[data-testid="slicer-status"]').text()).toBe('Listening on 127.0.0.1:8615')
    expect(view.get<HTMLInputElement>('[data-testid="slicer-key"]').element.value).toBe(
      'Kx7hQ2mZp9TaWv3bNc4R',
    )
    const howTo = view.get('[data-testid="slicer-howto"]')
    expect(howTo.text()).toContain('PrusaLink')
    expect(howTo.text()).toContain('127.0.0.1:8615')
    expect(howTo.text()).toContain('Kx7hQ2mZp9TaWv3bNc4R')
    expect(howTo.text()).toContain('Add physical printer')
    await view.get('input[name="slicer"][value="orcaslicer"]').setValue(true)
    expect(howTo.text()).toContain('Prepare → the connection icon')
  })

  it('turns on through main, and shows the saved value and main’s sentence when main refuses', async () => {
    answer('relay.get', relayState({ settings: DEFAULT_RELAY_SETTINGS, listening: { state: 'off' } }))
    const view = await section()
    expect(view.text()).toContain('Off: slicers cannot reach LinkDeck.')
    answer('relay.update', () => {
      throw new RemoteError({ code: 'NOT_SAVED', message: 'The slicer connection settings were not saved.' })
    })
    const enable = view.get<HTMLInputElement>('[data-testid="slicer-enable"]')
    await enable.setValue(true)
    await flushPromises()
    expect(enable.element.checked).toBe(false)
    expect(view.get('[data-testid="slicer-error"]').text()).toBe(
      'The slicer connection settings were not saved.',
    )

    answer('relay.update', relayState())
    await enable.setValue(true)
    await flushPromises()
    expect(callsOf('relay.update')).toEqual([{ enabled: true }, { enabled: true }])
    expect(view.get('[data-testid="slicer-status"]').text()).toBe('Listening on 127.0.0.1:8615')
  })

  it('says why it cannot listen, and takes a new port', async () => {
    answer(
      'relay.get',
      relayState({
        listening: {
          state: 'failed',
          message: 'Port 8615 is already used by another program, so slicers cannot reach LinkDeck.',
          hint: 'Choose another port here, and enter it in the slicer too.',
        },
      }),
    )
    const view = await section()
    expect(view.get('[data-testid="slicer-status"]').text()).toContain('already used by another program')
    answer('relay.update', (patch) =>
      relayState({ settings: { ...DEFAULT_RELAY_SETTINGS, enabled: true, port: patch.port ?? 8615 } }),
    )
    const port = view.get<HTMLInputElement>('[data-testid="slicer-port"]')
    await port.setValue('80')
    await port.trigger('change')
    expect(callsOf('relay.update')).toEqual([])
    expect(view.get('[data-testid="slicer-error"]').text()).toContain('From 1024 to 65535')
    await port.setValue('9100')
    await port.trigger('change')
    await flushPromises()
    expect(callsOf('relay.update')).toEqual([{ port: 9100 }])
  })

  it('warns about the network, and asks before making a new key', async () => {
    const view = await section()
    expect(view.text()).toContain('Turn this on only on a network you trust')
    answer('relay.regenerateKey', relayState({ apiKey: 'NewKeyNewKeyNewKey23' }))
    await view.get('[data-testid="slicer-regenerate"]').trigger('click')
    await flushPromises()
    expect(callsOf('relay.regenerateKey')).toHaveLength(0)
    const confirm = $('[data-testid="slicer-regenerate-confirm"]')!
    expect(confirm.textContent).toContain('Slicers set up with the current key are refused')
    const make = [...confirm.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Make a new key'),
    )!
    make.click()
    await flushPromises()
    expect(callsOf('relay.regenerateKey')).toHaveLength(1)
    expect(view.get<HTMLInputElement>('[data-testid="slicer-key"]').element.value).toBe(
      'NewKeyNewKeyNewKey23',
    )
  })
})

describe('a file a slicer sends to “Ask in LinkDeck”', () => {
  it('opens the upload dialog with the file and “Print after upload” as the slicer asked', async () => {
    const dialog = mount(UploadDialog, { global: { plugins: [i18n] }, attachTo: document.body })
    wrappers.push(dialog)
    useSlicerConnectionStore().follow()
    emit('relay.ask', { stagedId: 'st1', fileName: 'Benchy_0.2mm.gcode', printAfterUpload: true })
    await flushPromises()
    await settle()
    const store = useUploadDialogStore()
    expect(store.isOpen).toBe(true)
    expect(store.files.map((f) => [f.name, f.source])).toEqual([
      ['Benchy_0.2mm.gcode', { kind: 'staged', stagedId: 'st1' }],
    ])
    expect($<HTMLInputElement>('[data-testid="print-after"]')?.checked).toBe(true)
    expect($('[data-testid="upload-dialog"]')?.textContent).toContain('Benchy_0.2mm.gcode')
  })

  it('can be opened again from the last-received line while LinkDeck holds it', async () => {
    answer(
      'relay.get',
      relayState({
        lastReceived: {
          at: Date.now(),
          fileName: 'Benchy_0.2mm.gcode',
          target: 'Ask in LinkDeck',
          ok: true,
          message: 'It waits in LinkDeck’s upload dialog for you to choose the printers.',
          stagedId: 'st2',
        },
      }),
    )
    const view = await section()
    expect(view.get('[data-testid="slicer-last"]').text()).toContain(
      '“Benchy_0.2mm.gcode” for Ask in LinkDeck',
    )
    await view.get('[data-testid="slicer-open-last"]').trigger('click')
    await flushPromises()
    const store = useUploadDialogStore()
    expect(store.isOpen).toBe(true)
    expect(store.printAfterUpload).toBe(false)
    expect(store.files[0]?.source).toEqual({ kind: 'staged', stagedId: 'st2' })
  })
})

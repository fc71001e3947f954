// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { answer, callsOf, emit, resetFakeApi, setConnection } from '../fake-api'
import { answerWindowBasics, freshPinia, idle, plugins, printing, summary } from './fixtures'
import App from '../../../../src/renderer/src/App.vue'
import { useAppStore } from '../../../../src/renderer/src/stores/app.store'
import { useNavStore } from '../../../../src/renderer/src/stores/nav.store'
import { useNoticesStore } from '../../../../src/renderer/src/stores/notices.store'
import { useUploadDialogStore } from '../../../../src/renderer/src/stores/upload-dialog.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
  document.body.innerHTML = ''
  answerWindowBasics()
  answer('printers.list', [summary('p1', { name: 'MK4-left' })])
  answer('printers.live', [printing('p1')])
})

async function mountApp() {
  const wrapper = mount(App, { global: { plugins: plugins(pinia) }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the window when its backend stops answering', () => {
  it('shows a lasting banner and disables the main area and the uploads bar, then clears both', async () => {
    const app = await mountApp()
    expect(app.find('[data-testid="backend-banner"]').exists()).toBe(false)
    expect(app.get('[data-testid="main-guard"]').attributes('disabled')).toBeUndefined()

    setConnection('lost')
    await flushPromises()
    const banner = app.get('[data-testid="backend-banner"]')
    expect(banner.attributes('role')).toBe('alert')
    expect(banner.text()).toContain('LinkDeck’s background process is not answering.')
    expect(banner.text()).toContain('Printer actions, uploads and settings wait until it is back')
    expect(app.get('[data-testid="main-guard"]').attributes('disabled')).toBeDefined()
    expect(app.get('fieldset.shell-bar').attributes('disabled')).toBeDefined()
    // The sidebar stays usable: looking around needs no backend.
    expect(app.get('[data-testid="nav-dashboard"]').attributes('disabled')).toBeUndefined()

    setConnection('open')
    await flushPromises()
    expect(app.find('[data-testid="backend-banner"]').exists()).toBe(false)
    expect(app.get('[data-testid="main-guard"]').attributes('disabled')).toBeUndefined()
    expect(useNoticesStore().announcement).toBe('LinkDeck’s background process is back.')
    app.unmount()
  })

  it('reloads printers, settings and uploads when a new connection replaced the lost one', async () => {
    const app = await mountApp()
    expect(app.text()).toContain('MK4-left')
    setConnection('lost')
    await flushPromises()
    const before = {
      printers: callsOf('printers.list').length,
      settings: callsOf('settings.get').length,
      uploads: callsOf('uploads.list').length,
    }
    // The backend restarted: the printer moved on while nobody listened.
    answer('printers.live', [idle('p1')])
    setConnection('open', true)
    await flushPromises()
    expect(callsOf('printers.list').length).toBe(before.printers + 1)
    expect(callsOf('settings.get').length).toBeGreaterThan(before.settings)
    expect(callsOf('uploads.list').length).toBe(before.uploads + 1)
    expect(callsOf('printers.setWatched').at(-1)).toEqual({ visible: true })
    expect(app.get('[data-testid="card-state"]').attributes('data-state')).toBe('idle')
    // Events flow as before.
    emit('printers.updated', [printing('p1', { progress: 12 })])
    await flushPromises()
    expect(app.get('[data-testid="card-percent"]').text()).toBe('12 %')
    app.unmount()
  })

  it('does not reload when the same connection simply speaks again', async () => {
    const app = await mountApp()
    setConnection('lost')
    await flushPromises()
    const before = callsOf('printers.list').length
    setConnection('open')
    await flushPromises()
    expect(callsOf('printers.list').length).toBe(before)
    expect(useAppStore().resyncs).toBe(0)
    app.unmount()
  })

  it('disables the dialogs drawn over the window too, saying why, and lets them be closed', async () => {
    answer('uploads.preview', ({ source }) => ({ source, name: 'cube.gcode', size: 10, modelWarnings: {} }))
    const app = await mountApp()
    const dialog = (testid: string): HTMLElement | null =>
      document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
    // Disabled itself or by a disabled fieldset around it, as the browser has it (happy-dom's :disabled does not
    // look at fieldsets).
    const disabled = (element: Element | null | undefined): boolean =>
      !!element && (element.matches(':disabled') || element.closest('fieldset[disabled]') !== null)

    // The printer form (loaded when first shown)
    useNavStore().openAddPrinter()
    await vi.waitFor(() => expect(dialog('printer-dialog')).not.toBeNull(), { timeout: 10_000 })
    await flushPromises()
    expect(disabled(dialog('printer-dialog')!.querySelector('#printer-name'))).toBe(false)
    setConnection('lost')
    await flushPromises()
    expect(disabled(dialog('printer-dialog')!.querySelector('#printer-name'))).toBe(true)
    expect(disabled(dialog('printer-dialog')!.querySelector('[data-testid="save-printer"]'))).toBe(true)
    expect(dialog('printer-dialog')!.querySelector('[data-testid="dialog-waits"]')!.textContent).toContain(
      'LinkDeck’s background process is not answering, so this waits until it is back.',
    )
    // Closing needs no backend.
    expect(disabled(dialog('printer-dialog')!.querySelector('[aria-label="Close"]'))).toBe(false)
    setConnection('open')
    await flushPromises()
    expect(dialog('printer-dialog')!.querySelector('[data-testid="dialog-waits"]')).toBeNull()
    expect(disabled(dialog('printer-dialog')!.querySelector('#printer-name'))).toBe(false)
    useNavStore().closePrinterForm()
    await flushPromises()

    // The upload dialog (loaded when first shown)
    await useUploadDialogStore().open({ files: [{ kind: 'path', path: '/home/me/cube.gcode' }] })
    await vi.waitFor(() => expect(dialog('upload-dialog')).not.toBeNull(), { timeout: 10_000 })
    await flushPromises()
    expect(disabled(dialog('upload-dialog')!.querySelector('[data-testid="upload-send"]'))).toBe(false)
    setConnection('lost')
    await flushPromises()
    expect(disabled(dialog('upload-dialog')!.querySelector('[data-testid="upload-send"]'))).toBe(true)
    expect(disabled(dialog('upload-dialog')!.querySelector('[data-testid="upload-folder"]'))).toBe(true)
    expect(dialog('upload-dialog')!.querySelector('[data-testid="dialog-waits"]')).not.toBeNull()
    const cancel = [...dialog('upload-dialog')!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Cancel',
    )
    expect(disabled(cancel)).toBe(false)
    app.unmount()
  })

  it('refuses files dropped while it is gone, with a sentence, and opens no upload dialog', async () => {
    const app = await mountApp()
    setConnection('lost')
    await flushPromises()
    const file = new File(['G28\n'], 'cube.gcode')
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & {
      dataTransfer: unknown
    }
    drop.dataTransfer = { files: [file], types: ['Files'], items: [{ kind: 'file' }] }
    window.dispatchEvent(drop)
    await flushPromises()
    expect(useNoticesStore().toasts.map((t) => t.body)).toContain(
      'Nothing was uploaded: LinkDeck’s background process is not answering. Drop the files again once it is back.',
    )
    expect(callsOf('uploads.preview')).toEqual([])
    app.unmount()
  })
})

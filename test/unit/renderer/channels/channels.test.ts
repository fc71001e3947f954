// @vitest-environment happy-dom
/**
 * Settings › Notification channels: the list (kind, where it sends, what it is told, how it fared — the last
 * problem as main worded it), on/off, "Send a test", add and edit through the dialog (secrets typed once, shown as
 * "Saved" after, never filled back), remove after asking, and the window's sound.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DOMWrapper, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { ChannelView } from '../../../../src/shared/channels'
import { RemoteError } from '../../../../src/shared/errors'
import { answer, callsOf, emit, resetFakeApi } from '../fake-api'
import { appSettings, freshPinia, plugins, summary } from '../shell/fixtures'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { default: ChannelList } =
  await import('../../../../src/renderer/src/components/channels/ChannelList.vue')
const { useChannelsStore } = await import('../../../../src/renderer/src/stores/channels.store')
const { usePrintersStore } = await import('../../../../src/renderer/src/stores/printers.store')
const { useSettingsStore } = await import('../../../../src/renderer/src/stores/settings.store')

function ntfy(patch: Partial<ChannelView> = {}): ChannelView {
  return {
    id: 'c1',
    name: 'Phone',
    enabled: true,
    events: ['finished', 'attention', 'error'],
    allPrinters: true,
    printerIds: [],
    quietHours: true,
    settings: { type: 'ntfy', server: 'https://ntfy.sh', topic: 'shelf-7f3a', priorities: {}, tags: {} },
    secrets: { token: true },
    secretStorage: 'encrypted',
    status: { pending: 0 },
    ...patch,
  }
}

let pinia: ReturnType<typeof freshPinia>
let wrapper: VueWrapper | undefined

beforeEach(() => {
  resetFakeApi()
  document.body.innerHTML = ''
  pinia = freshPinia()
  answer('printers.list', [summary('p1', { name: 'MK4 left' }), summary('p2', { name: 'MINI' })])
  answer('printers.live', [])
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function mountList(channels: ChannelView[]): Promise<VueWrapper> {
  answer('channels.list', channels)
  await usePrintersStore().load()
  wrapper = mount(ChannelList, { global: { plugins: plugins(pinia) }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** The dialog lives in a portal under <body>. */
const inDialog = (selector: string): DOMWrapper<Element> => {
  const el = document.querySelector(`[data-testid="channel-dialog"] ${selector}`)
  if (!el) throw new Error(`no ${selector} in the channel dialog`)
  return new DOMWrapper(el)
}
const dialogText = (): string => document.querySelector('[data-testid="channel-dialog"]')?.textContent ?? ''
const fieldByLabel = (label: string): DOMWrapper<Element> => {
  const found = Array.from(document.querySelectorAll('[data-testid="channel-dialog"] label')).find(
    (l) => l.textContent?.trim() === label,
  )
  const id = found?.getAttribute('for')
  const el = id ? document.getElementById(id) : null
  if (!el) throw new Error(`no field labelled ${label}`)
  return new DOMWrapper(el)
}
async function submit(): Promise<void> {
  await inDialog('form').trigger('submit')
  await flushPromises()
}

describe('the channel list', () => {
  it('shows each channel’s kind, where it sends, what it is told, and its last problem in main’s words', async () => {
    useSettingsStore().set(appSettings({ quietHours: { enabled: true, from: '22:00', to: '07:00' } }))
    const w = await mountList([
      ntfy({
        status: {
          pending: 1,
          lastError: 'ntfy refused LinkDeck’s token or key (HTTP 401). Check it in Settings › Notifications.',
          lastErrorAt: new Date(2025, 5, 10, 14, 5).getTime(),
        },
      }),
      ntfy({
        id: 'c2',
        name: 'Lamp',
        enabled: false,
        events: ['finished'],
        allPrinters: false,
        printerIds: ['p1'],
        quietHours: false,
        settings: { type: 'command', program: '/usr/local/bin/lamp', args: [], timeoutS: 10 },
        secrets: {},
        status: { pending: 0, lastSentAt: Date.now() },
      }),
    ])
    const [phone, lamp] = w.findAll('[data-testid="channel"]')
    expect(phone!.text()).toContain('Phone')
    expect(phone!.text()).toContain('ntfy · ntfy.sh/shelf-7f3a')
    expect(phone!.text()).toContain('3 events · all printers · waits out the quiet hours · 1 message waiting')
    expect(phone!.get('[data-testid="channel-error"]').text()).toContain(
      'ntfy refused LinkDeck’s token or key (HTTP 401). Check it in Settings › Notifications.',
    )
    expect(lamp!.text()).toContain('Run a program · /usr/local/bin/lamp')
    expect(lamp!.text()).toContain('one event · one printer')
    expect(lamp!.text()).toMatch(/Last message /)
    expect((lamp!.get('[data-testid="channel-on"]').element as HTMLInputElement).checked).toBe(false)
  })

  it('follows what main says as channels fare: a new problem appears without a reload', async () => {
    const w = await mountList([ntfy()])
    expect(w.find('[data-testid="channel-error"]').exists()).toBe(false)
    emit('channels.changed', [
      ntfy({
        status: {
          pending: 0,
          lastError: 'ntfy did not answer within 15 s; LinkDeck tries again a few times.',
        },
      }),
    ])
    await flushPromises()
    expect(w.get('[data-testid="channel-error"]').text()).toContain('ntfy did not answer within 15 s')
  })

  it('says when there is none yet', async () => {
    const w = await mountList([])
    expect(w.text()).toContain('No channels yet.')
  })

  it('"Send a test" shows what happened, arrived or not', async () => {
    answer('channels.test', { ok: false, message: 'ntfy could not be reached (ECONNREFUSED).' })
    const w = await mountList([ntfy()])
    await w.get('[data-testid="channel-test"]').trigger('click')
    await flushPromises()
    expect(callsOf('channels.test')).toEqual([{ id: 'c1' }])
    expect(w.get('[data-testid="channel-test-result"]').text()).toBe(
      'ntfy could not be reached (ECONNREFUSED).',
    )
    answer('channels.test', { ok: true, message: 'The test reached ntfy.' })
    await w.get('[data-testid="channel-test"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="channel-test-result"]').text()).toBe('The test reached ntfy.')
  })

  it('turns a channel off at once; a refusal shows and the switch shows what is saved', async () => {
    answer('channels.update', (input) => ntfy({ enabled: input.enabled ?? true }))
    const w = await mountList([ntfy()])
    const box = w.get('[data-testid="channel-on"]')
    await box.setValue(false)
    await flushPromises()
    expect(callsOf('channels.update')).toEqual([{ id: 'c1', enabled: false }])
    expect((box.element as HTMLInputElement).checked).toBe(false)

    answer('channels.update', () => {
      throw new RemoteError({
        code: 'NOT_SAVED',
        message: 'The changes to the channel “Phone” were not saved.',
      })
    })
    await box.setValue(true)
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe('The changes to the channel “Phone” were not saved.')
    expect((box.element as HTMLInputElement).checked).toBe(false)
  })

  it('removes a channel only after asking', async () => {
    answer('channels.remove', undefined)
    const w = await mountList([ntfy()])
    await w.get('[data-testid="channel-remove"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[role="alertdialog"]')
    expect(dialog?.textContent).toContain('Remove the channel “Phone”?')
    expect(callsOf('channels.remove')).toEqual([])
    const confirm = Array.from(dialog!.querySelectorAll('button')).find((b) =>
      b.textContent?.includes('Remove channel'),
    )
    confirm!.click()
    await flushPromises()
    expect(callsOf('channels.remove')).toEqual([{ id: 'c1' }])
    expect(w.findAll('[data-testid="channel"]')).toHaveLength(0)
  })
})

describe('the channel dialog', () => {
  it('adds an ntfy channel with its token, for the events and printers chosen', async () => {
    answer('channels.add', (input) => ntfy({ ...input, id: 'c9', secrets: { token: true } }))
    const w = await mountList([])
    await w.get('[data-testid="add-channel"]').trigger('click')
    await flushPromises()
    await inDialog('[data-testid="channel-name"]').setValue('Phone')
    await inDialog('[data-testid="channel-topic"]').setValue('shelf-7f3a')
    await inDialog('[data-testid="channel-secret-token"]').setValue('tk_abc')
    await fieldByLabelCheck('A print started')
    await fieldByLabelCheck('Only these printers')
    await fieldByLabelCheck('MINI')
    await submit()
    expect(callsOf('channels.add')).toEqual([
      {
        name: 'Phone',
        enabled: true,
        events: ['started', 'finished', 'stopped', 'attention', 'error', 'offline'],
        allPrinters: false,
        printerIds: ['p2'],
        quietHours: true,
        settings: { type: 'ntfy', server: 'https://ntfy.sh', topic: 'shelf-7f3a', priorities: {}, tags: {} },
        secrets: { token: 'tk_abc' },
      },
    ])
    expect(document.querySelector('[data-testid="channel-dialog"]')).toBeNull()
    expect(w.findAll('[data-testid="channel"]')).toHaveLength(1)
  })

  it('says what is missing by the fields and sends nothing', async () => {
    const w = await mountList([])
    await w.get('[data-testid="add-channel"]').trigger('click')
    await flushPromises()
    await inDialog('[data-testid="channel-type"]').setValue('discord')
    await submit()
    expect(dialogText()).toContain('Give the channel a name.')
    expect(dialogText()).toContain('Webhook URL is needed.')
    expect(callsOf('channels.add')).toEqual([])
  })

  it('shows main’s refusal in the dialog, which stays open', async () => {
    answer('channels.add', () => {
      throw new RemoteError({
        code: 'INVALID_ADDRESS',
        message: 'The webhook address must start with http:// or https://.',
      })
    })
    const w = await mountList([])
    await w.get('[data-testid="add-channel"]').trigger('click')
    await flushPromises()
    await inDialog('[data-testid="channel-type"]').setValue('webhook')
    await inDialog('[data-testid="channel-name"]').setValue('Hook')
    await fieldByLabel('Address (URL)').setValue('ftp://nas/hook')
    await submit()
    expect(inDialog('[data-testid="channel-save-error"]').text()).toBe(
      'The webhook address must start with http:// or https://.',
    )
  })

  it('edits without ever showing a saved secret; an untouched one is kept, a forgotten optional one cleared', async () => {
    answer('channels.update', (input) => ntfy({ name: input.name ?? 'Phone' }))
    const w = await mountList([ntfy()])
    await w.get('[data-testid="channel-edit"]').trigger('click')
    await flushPromises()
    const token = inDialog('[data-testid="channel-secret-token"]')
    expect((token.element as HTMLInputElement).value).toBe('')
    expect(token.attributes('placeholder')).toBe('Saved — type a new one to replace it')
    expect((inDialog('[data-testid="channel-type"]').element as HTMLSelectElement).disabled).toBe(true)
    await inDialog('[data-testid="channel-name"]').setValue('Phone 2')
    await submit()
    expect(callsOf('channels.update')[0]).toMatchObject({ id: 'c1', name: 'Phone 2', secrets: {} })

    await w.get('[data-testid="channel-edit"]').trigger('click')
    await flushPromises()
    const forget = Array.from(document.querySelectorAll('[data-testid="channel-dialog"] button')).find(
      (b) => b.textContent?.trim() === 'Forget',
    )
    ;(forget as HTMLButtonElement).click()
    await flushPromises()
    await submit()
    expect(callsOf('channels.update')[1]).toMatchObject({ secrets: { token: '' } })
  })

  it('for MQTT offers Home Assistant discovery on and commands off, and warns what commands allow', async () => {
    answer('channels.add', (input) => ntfy({ ...input, id: 'c3', secrets: {} }))
    const w = await mountList([])
    await w.get('[data-testid="add-channel"]').trigger('click')
    await flushPromises()
    await inDialog('[data-testid="channel-type"]').setValue('mqtt')
    await inDialog('[data-testid="channel-name"]').setValue('Home Assistant')
    await fieldByLabel('Broker address').setValue('mqtt://127.0.0.1:1883')
    expect(dialogText()).toContain('Anyone who can publish on your broker can then pause or stop a print')
    await submit()
    expect(callsOf('channels.add')[0]?.settings).toEqual({
      type: 'mqtt',
      url: 'mqtt://127.0.0.1:1883',
      username: '',
      baseTopic: 'linkdeck',
      discovery: true,
      discoveryPrefix: 'homeassistant',
      commands: false,
      minIntervalS: 10,
    })
  })
})

describe('the window’s sound', () => {
  it('plays what a sound channel asks for, wherever the window is', () => {
    const played: string[] = []
    useChannelsStore().init((sound) => void played.push(`${sound.kind}:${sound.title}`))
    emit('channels.sound', { kind: 'finished', title: 'Print finished on MK4 left', printerId: 'p1' })
    expect(played).toEqual(['finished:Print finished on MK4 left'])
  })
})

/** Checks the checkbox or radio whose label reads `label`. */
async function fieldByLabelCheck(label: string): Promise<void> {
  const found = Array.from(document.querySelectorAll('[data-testid="channel-dialog"] label.ld-check')).find(
    (l) => l.textContent?.trim() === label,
  )
  const input = found?.querySelector('input')
  if (!input) throw new Error(`no choice labelled ${label}`)
  await new DOMWrapper(input).setValue(true)
}

/**
 * The channel list as the settings file keeps it: read one channel at a time, so a damaged record costs only
 * itself, and named among the problems the window shows.
 */
import { describe, expect, it } from 'vitest'
import { readSettingsDocument } from '../../../../src/main/core/settings/settings-document'

const channel = (extra: Record<string, unknown> = {}) => ({
  id: 'c-1',
  name: 'Phone',
  enabled: true,
  events: ['finished'],
  allPrinters: true,
  printerIds: [],
  quietHours: true,
  settings: { type: 'ntfy', server: 'https://ntfy.sh', topic: 'shelf', priorities: {}, tags: {} },
  ...extra,
})

describe('saved channels', () => {
  it('a file from before channels existed has none, and no problem', () => {
    const { document, problems } = readSettingsDocument({ printers: [], preferences: {} })
    expect(document.channels).toEqual([])
    expect(problems.filter((p) => p.includes('channel'))).toEqual([])
  })

  it('leaves out only the damaged channel, and names it', () => {
    const { document, problems } = readSettingsDocument({
      channels: [
        channel(),
        channel({ id: 'c-2', name: 'Broken', settings: { type: 'ntfy', server: 'gopher://x' } }),
        'not a channel',
        channel({ id: 'c-1', name: 'Twin' }),
      ],
    })
    expect(document.channels.map((c) => c.name)).toEqual(['Phone'])
    expect(problems).toEqual([
      'the notification channel “Broken”: left out, its settings are unreadable',
      'notification channel 3: left out, it is not a channel record',
      'the notification channel “Twin”: left out, its id repeats another’s',
    ])
  })

  it('drops an event kind this version does not know (a newer LinkDeck wrote it), keeping the channel', () => {
    const { document, problems } = readSettingsDocument({
      channels: [channel({ events: ['finished', 'a-kind-from-the-future'] })],
    })
    expect(document.channels[0]?.events).toEqual(['finished'])
    expect(problems).toEqual([])
  })

  it('unreadable sealed secrets are dropped, so the channel asks for them again', () => {
    const { document, problems } = readSettingsDocument({
      channels: [channel({ sealedSecrets: { token: 42 } })],
    })
    expect(document.channels[0]?.sealedSecrets).toBeUndefined()
    expect(problems).toEqual([
      'the notification channel “Phone”: its saved secrets could not be read, enter them again',
    ])
  })
})

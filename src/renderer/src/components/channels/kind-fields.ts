/**
 * What each kind of channel asks for besides its name, secrets, events and printers, row by row as the channel
 * dialog lays it out: text boxes (alone, or two side by side) and switches. The dialog draws the rows from this
 * table and checks the required boxes from it, so a kind's fields are said once. Words are `channels.dialog.<label>`
 * (the key when no label is given) and `channels.dialog.<help>`.
 */
import type { ChannelType } from '../../../../shared/channels'

/** The draft's text values a kind's boxes edit (numbers are typed in a box too). */
export interface KindValues {
  server: string
  topic: string
  chatId: string
  brokerUrl: string
  username: string
  baseTopic: string
  discoveryPrefix: string
  minIntervalS: number | string
  program: string
  args: string
  timeoutS: number | string
}

/** The draft's on/off values a kind's switches edit. */
export interface KindSwitches {
  discovery: boolean
  commands: boolean
}

export interface KindBox {
  key: keyof KindValues
  label?: string
  help?: string
  /** Saving waits until it is filled in. */
  required?: boolean
  /** A box of lines (a program's arguments, one a line). */
  lines?: boolean
  /** Greyed out while this switch is off. */
  enabledBy?: keyof KindSwitches
  /** The box's own attributes: its type, placeholder, limits, test id. */
  attrs?: Record<string, string>
}

export interface KindSwitch {
  switch: keyof KindSwitches
  /** A warning under the switch, which it is described by. */
  warning?: string
}

export type KindRow = KindBox[] | KindSwitch

/** What a broker's address looks like, shown in its empty box. */
const BROKER_EXAMPLE = 'mqtt://homeassistant.local:1883'

const SERVER: KindBox = {
  key: 'server',
  required: true,
  attrs: { type: 'url', inputmode: 'url', 'data-testid': 'channel-server' },
}

export const KIND_ROWS: Partial<Record<ChannelType, KindRow[]>> = {
  ntfy: [
    [SERVER, { key: 'topic', help: 'topicHelp', required: true, attrs: { 'data-testid': 'channel-topic' } }],
  ],
  telegram: [[SERVER, { key: 'chatId', help: 'chatIdHelp', required: true }]],
  mqtt: [
    [
      {
        key: 'brokerUrl',
        help: 'brokerHelp',
        required: true,
        attrs: { inputmode: 'url', placeholder: BROKER_EXAMPLE },
      },
    ],
    [{ key: 'username' }, { key: 'baseTopic' }],
    { switch: 'discovery' },
    [
      { key: 'discoveryPrefix', enabledBy: 'discovery' },
      { key: 'minIntervalS', label: 'minInterval', attrs: { type: 'number', min: '1', max: '3600' } },
    ],
    { switch: 'commands', warning: 'commandsHelp' },
  ],
  command: [
    [
      {
        key: 'program',
        help: 'programHelp',
        required: true,
        attrs: { placeholder: '/usr/local/bin/printer-lamp' },
      },
    ],
    [
      { key: 'args', lines: true },
      { key: 'timeoutS', label: 'timeout', attrs: { type: 'number', min: '1', max: '600' } },
    ],
  ],
}

/** The boxes of a kind, row after row. */
export function kindBoxes(type: ChannelType): KindBox[] {
  return (KIND_ROWS[type] ?? []).flatMap((row) => (Array.isArray(row) ? row : []))
}

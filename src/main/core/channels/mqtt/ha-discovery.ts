/**
 * What LinkDeck publishes about a printer over MQTT, and how it announces the printer to Home Assistant (MQTT
 * discovery): one device per printer with sensors for its state, job and temperatures, all read from LinkDeck's
 * retained state topics — so Home Assistant never polls the printer itself, and LinkDeck stays its one poller.
 *
 *   <base>/status                          online / offline (retained; the broker says offline if LinkDeck vanishes)
 *   <base>/<printer id>/availability       online / offline (retained): whether the printer answers
 *   <base>/<printer id>/state              {"state","connection","name","model"} (retained)
 *   <base>/<printer id>/job                {"file","progress","time_remaining","time_printing"} (retained)
 *   <base>/<printer id>/temperatures       {"nozzle","nozzle_target","bed","bed_target"} (retained)
 *   <base>/<printer id>/event              each event as the webhook's JSON (not retained)
 *   <base>/<printer id>/command            pause / resume / stop, read only when commands are on
 *   <discovery prefix>/<component>/<node id>/<object id>/config   discovery (retained)
 */
import type { PrinterLive, PrinterSummary } from '../../../../shared/model'

export interface PrinterTopics {
  availability: string
  state: string
  job: string
  temperatures: string
  event: string
  command: string
}

export function printerTopics(base: string, printerId: string): PrinterTopics {
  const root = `${base}/${topicPart(printerId)}`
  return {
    availability: `${root}/availability`,
    state: `${root}/state`,
    job: `${root}/job`,
    temperatures: `${root}/temperatures`,
    event: `${root}/event`,
    command: `${root}/command`,
  }
}

/** A topic level from an id: no wildcards, separators or spaces. */
export function topicPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_')
}

export function nodeId(printerId: string): string {
  return `linkdeck_${topicPart(printerId)}`
}

const round1 = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10) / 10

/** The three state payloads of a printer, as JSON text (compared as text: published only when they change). */
export function statePayloads(
  printer: PrinterSummary,
  live: PrinterLive | undefined,
): { availability: string; state: string; job: string; temperatures: string } {
  const online = live?.connection === 'online'
  const t = live?.status?.telemetry
  const job = live?.job
  return {
    availability: online ? 'online' : 'offline',
    state: JSON.stringify({
      state: online ? (live?.status?.state ?? 'UNKNOWN') : 'OFFLINE',
      connection: live?.connection ?? 'connecting',
      name: printer.name,
      model: live?.model ?? null,
    }),
    job: JSON.stringify({
      file: job?.file ? job.file.displayName || job.file.name : null,
      progress: job ? round1(job.progress) : null,
      time_remaining: job?.timeRemaining ?? null,
      time_printing: job?.timePrinting ?? null,
    }),
    temperatures: JSON.stringify({
      nozzle: round1(t?.tempNozzle),
      nozzle_target: round1(t?.targetNozzle),
      bed: round1(t?.tempBed),
      bed_target: round1(t?.targetBed),
    }),
  }
}

export interface DiscoveryMessage {
  topic: string
  payload: string
}

interface Entity {
  component: 'sensor' | 'button'
  object: string
  config: Record<string, unknown>
}

/** The discovery configs of one printer (retained; an empty payload removes an entity). */
export function discoveryMessages(input: {
  prefix: string
  base: string
  printer: PrinterSummary
  live?: PrinterLive
  commands: boolean
  version: string
}): DiscoveryMessage[] {
  const { prefix, base, printer, live } = input
  const topics = printerTopics(base, printer.id)
  const node = nodeId(printer.id)
  const device = {
    identifiers: [node],
    name: printer.name,
    manufacturer: 'Prusa Research',
    ...(live?.model ? { model: live.model } : {}),
    ...(live?.firmware ? { sw_version: live.firmware } : {}),
  }
  const common = {
    availability: [{ topic: `${base}/status` }, { topic: topics.availability }],
    availability_mode: 'all',
    device,
    origin: { name: 'LinkDeck', sw_version: input.version },
  }
  const sensor = (
    object: string,
    name: string,
    topic: string,
    template: string,
    extra: Record<string, unknown> = {},
  ): Entity => ({
    component: 'sensor',
    object,
    config: { name, state_topic: topic, value_template: template, ...extra },
  })
  const temperature = { device_class: 'temperature', unit_of_measurement: '°C', state_class: 'measurement' }
  const entities: Entity[] = [
    sensor('state', 'State', topics.state, '{{ value_json.state }}', { icon: 'mdi:printer-3d' }),
    sensor('progress', 'Progress', topics.job, '{{ value_json.progress }}', {
      unit_of_measurement: '%',
      state_class: 'measurement',
      icon: 'mdi:progress-clock',
    }),
    sensor('time_remaining', 'Time remaining', topics.job, '{{ value_json.time_remaining }}', {
      device_class: 'duration',
      unit_of_measurement: 's',
    }),
    sensor('file', 'File', topics.job, '{{ value_json.file }}', { icon: 'mdi:file-outline' }),
    sensor(
      'nozzle_temperature',
      'Nozzle temperature',
      topics.temperatures,
      '{{ value_json.nozzle }}',
      temperature,
    ),
    sensor(
      'nozzle_target',
      'Nozzle target',
      topics.temperatures,
      '{{ value_json.nozzle_target }}',
      temperature,
    ),
    sensor('bed_temperature', 'Bed temperature', topics.temperatures, '{{ value_json.bed }}', temperature),
    sensor('bed_target', 'Bed target', topics.temperatures, '{{ value_json.bed_target }}', temperature),
  ]
  const buttons: Entity[] = (['pause', 'resume', 'stop'] as const).map((command) => ({
    component: 'button',
    object: command,
    config: {
      name: command === 'pause' ? 'Pause print' : command === 'resume' ? 'Resume print' : 'Stop print',
      command_topic: topics.command,
      payload_press: command,
      icon: command === 'pause' ? 'mdi:pause' : command === 'resume' ? 'mdi:play' : 'mdi:stop',
    },
  }))
  const messages = entities.map((entity) => message(prefix, node, entity, common))
  // Buttons only while commands are on; otherwise their configs are cleared so Home Assistant removes them.
  for (const button of buttons)
    messages.push(
      input.commands
        ? message(prefix, node, button, common)
        : { topic: configTopic(prefix, 'button', node, button.object), payload: '' },
    )
  return messages
}

/** Empty retained payloads that take a printer's entities out of Home Assistant (the printer was removed). */
export function discoveryRemovals(prefix: string, printerId: string): DiscoveryMessage[] {
  const node = nodeId(printerId)
  const sensors = [
    'state',
    'progress',
    'time_remaining',
    'file',
    'nozzle_temperature',
    'nozzle_target',
    'bed_temperature',
    'bed_target',
  ]
  return [
    ...sensors.map((o) => ({ topic: configTopic(prefix, 'sensor', node, o), payload: '' })),
    ...['pause', 'resume', 'stop'].map((o) => ({
      topic: configTopic(prefix, 'button', node, o),
      payload: '',
    })),
  ]
}

function message(
  prefix: string,
  node: string,
  entity: Entity,
  common: Record<string, unknown>,
): DiscoveryMessage {
  return {
    topic: configTopic(prefix, entity.component, node, entity.object),
    payload: JSON.stringify({ ...entity.config, unique_id: `${node}_${entity.object}`, ...common }),
  }
}

function configTopic(prefix: string, component: string, node: string, object: string): string {
  return `${prefix}/${component}/${node}/${object}/config`
}

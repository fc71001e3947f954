/**
 * The add / edit printer form's logic, apart from its look: field checks as sentences, what "Test connection"
 * sends, and what "Save" sends (only what changed when editing; the secret only when the user changes it).
 */
import type { CallInput } from '../../../../shared/contract'
import type { AuthMode, DiscoveredPrinter, PrinterSummary } from '../../../../shared/model'
import { isPaletteColor, leastUsedColor, PRINTER_COLORS } from '../../../../shared/printer-colors'
import { PRINTER_TAG_MAX, PRINTER_TAGS_MAX, uniqueTags } from '../../../../shared/queue'
import { i18n } from '../../i18n'

export { PRINTER_COLORS }

export interface PrinterFormValues {
  name: string
  address: string
  authMode: AuthMode
  username: string
  secret: string
  color: string
  /** Editing: whether the user asked to replace the saved secret. Adding: always true. */
  changeSecret: boolean
  /** The tags as typed, separated by commas. */
  tags: string
  /** Start the next queued job without asking about the bed. */
  autoStart: boolean
  /**
   * Adding: the discovered printer the form was filled from. Main keeps its advertised name only while the
   * address still points at it, so typing another address later needs nothing here.
   */
  discoveredId?: string
}

export type FieldErrors = Partial<Record<'name' | 'address' | 'secret' | 'tags', string>>

/** "PLA, shelf 2,, pla" → ["PLA", "shelf 2"]. */
export function parseTags(text: string): string[] {
  return uniqueTags(text.split(','))
}

/** The colour fewest printers have (the palette main picks from too), so new cards tell apart at once. */
export function nextFreeColor(existing: readonly PrinterSummary[]): string {
  return leastUsedColor(existing.map((p) => p.color))
}

/**
 * The swatches the form offers: the palette, and a printer's own colour after it when it is not one of them (set
 * before the palette changed, or by hand in the settings file), so the current colour always shows as chosen.
 */
export function colorChoices(current: string | undefined): string[] {
  const palette: string[] = [...PRINTER_COLORS]
  return current && !isPaletteColor(current) ? [...palette, current.toLowerCase()] : palette
}

export function initialValues(
  printer: PrinterSummary | undefined,
  others: readonly PrinterSummary[],
): PrinterFormValues {
  if (printer)
    return {
      name: printer.name,
      address: printer.address,
      authMode: printer.authMode,
      username: printer.username,
      secret: '',
      color: printer.color,
      changeSecret: !printer.hasSecret,
      tags: printer.tags.join(', '),
      autoStart: printer.autoStart,
    }
  return {
    name: '',
    address: '',
    authMode: 'auto',
    username: 'maker',
    secret: '',
    color: nextFreeColor(others),
    changeSecret: true,
    tags: '',
    autoStart: false,
  }
}

// Host names, IPv4, [IPv6], an optional scheme, port and path; no spaces.
const ADDRESS =
  /^(https?:\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?(\/\S*)?$/

export function validate(values: PrinterFormValues): FieldErrors {
  const t = i18n.global.t
  const errors: FieldErrors = {}
  const name = values.name.trim()
  if (!name) errors.name = t('printerForm.errors.nameMissing')
  else if (name.length > 80) errors.name = t('printerForm.errors.nameTooLong')
  const address = values.address.trim()
  if (!address) errors.address = t('printerForm.errors.addressMissing')
  else if (!ADDRESS.test(address)) errors.address = t('printerForm.errors.addressInvalid')
  const tags = parseTags(values.tags)
  if (tags.length > PRINTER_TAGS_MAX)
    errors.tags = t('printerFormQueue.tagsTooMany', { max: PRINTER_TAGS_MAX })
  else if (tags.some((tag) => tag.length > PRINTER_TAG_MAX))
    errors.tags = t('printerFormQueue.tagTooLong', { max: PRINTER_TAG_MAX })
  if (values.changeSecret && values.secret === '')
    errors.secret =
      values.authMode === 'apikey'
        ? t('printerForm.errors.apiKeyMissing')
        : t('printerForm.errors.secretMissing')
  return errors
}

/** What "Test connection" asks: the typed credentials, or the saved printer when nothing that matters changed. */
export function testInput(
  values: PrinterFormValues,
  printer: PrinterSummary | undefined,
): CallInput<'printers.test'> | undefined {
  if (values.changeSecret)
    return {
      address: values.address.trim(),
      authMode: values.authMode,
      username: values.username.trim() || 'maker',
      secret: values.secret,
    }
  if (!printer) return undefined
  const unchanged =
    values.address.trim() === printer.address &&
    values.authMode === printer.authMode &&
    (values.username.trim() || 'maker') === printer.username
  // The saved secret never comes to the window: a changed address can only be tested with a typed one.
  return unchanged ? { id: printer.id } : undefined
}

export function addInput(values: PrinterFormValues): CallInput<'printers.add'> {
  return {
    name: values.name.trim(),
    address: values.address.trim(),
    authMode: values.authMode,
    username: values.username.trim() || 'maker',
    secret: values.secret,
    color: values.color,
    ...(parseTags(values.tags).length > 0 ? { tags: parseTags(values.tags) } : {}),
    ...(values.autoStart ? { autoStart: true } : {}),
    ...(values.discoveredId ? { discoveredId: values.discoveredId } : {}),
  }
}

/**
 * What a discovered printer puts in the form: the name a person would give it (the Pi's "PrusaLink at prusa-mk3"
 * becomes its host name) and the address to reach it. Only fields the person has not typed into yet change, so a
 * name already typed stays.
 */
export function fillFromDiscovered(
  values: PrinterFormValues,
  printer: DiscoveredPrinter,
  typed: { name: boolean },
): void {
  const suggested = printer.name.startsWith('PrusaLink at ')
    ? (printer.hostname ?? printer.name.slice('PrusaLink at '.length))
    : printer.name
  if (!typed.name || values.name.trim() === '') values.name = suggested.slice(0, 80)
  values.address = printer.formAddress
  values.discoveredId = printer.id
}

/** Only what changed, so an edit never overwrites a concurrent change it did not make. */
export function updateInput(
  values: PrinterFormValues,
  printer: PrinterSummary,
): CallInput<'printers.update'> {
  const input: CallInput<'printers.update'> = { id: printer.id }
  const name = values.name.trim()
  const address = values.address.trim()
  const username = values.username.trim() || 'maker'
  if (name !== printer.name) input.name = name
  if (address !== printer.address) input.address = address
  if (values.authMode !== printer.authMode) input.authMode = values.authMode
  if (username !== printer.username) input.username = username
  if (values.color.toLowerCase() !== printer.color.toLowerCase()) input.color = values.color
  const tags = parseTags(values.tags)
  if (tags.join('\n') !== printer.tags.join('\n')) input.tags = tags
  if (values.autoStart !== printer.autoStart) input.autoStart = values.autoStart
  if (values.changeSecret) input.secret = values.secret
  return input
}

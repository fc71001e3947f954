/**
 * Anyone on the local network can advertise any name. Before a name or host reaches the window or the log it loses
 * the characters that do not show (controls, bidirectional overrides, zero-width spaces: the same set a printer
 * name may not hold) and is cut to a length DNS itself allows, so it can neither forge a log line nor pose as
 * something else on screen.
 */
import { withoutUnseenCharacters } from '../../shared/model'

/** A DNS label's longest (an instance name is one label). */
export const MAX_NAME_LENGTH = 63
/** A DNS name's longest. */
export const MAX_HOST_LENGTH = 253
/** TXT values LinkDeck reads are short (`path=/`). */
export const MAX_TXT_LENGTH = 255

/** The text without unseen characters, trimmed, at most `max` characters (code points); '' when nothing is left. */
export function cleanAdvertisedText(raw: string, max: number): string {
  const visible = withoutUnseenCharacters(raw).trim()
  const chars = [...visible]
  return chars.length <= max ? visible : chars.slice(0, max).join('').trimEnd()
}

/** A host name as advertised (`prusa-mk4.local.`) without its `.local` and trailing dot, cleaned; or undefined. */
export function cleanHostname(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  const host = cleanAdvertisedText(raw, MAX_HOST_LENGTH)
    .replace(/\.$/, '')
    .replace(/\.local$/i, '')
  return host === '' ? undefined : host
}

/**
 * The window's sound for a "sound" channel: a short chime made with Web Audio, so no sound file ships and none is
 * fetched. Rising for a print that finished, three insistent notes for one that needs a person (attention, an
 * error, a failed upload, a printer offline, a bed to clear), one calm note for the rest. Where the page may not play sound yet (a browser that has
 * not seen a click on it), nothing plays and nothing fails: the notice is still shown.
 */
import type { ChannelEventKind, ChannelSound } from '../../../shared/channels'

export interface Tone {
  /** Hz. */
  frequency: number
  /** Seconds after the chime starts. */
  at: number
  /** Seconds. */
  length: number
}

const DONE: Tone[] = [
  { frequency: 523.25, at: 0, length: 0.2 },
  { frequency: 783.99, at: 0.16, length: 0.36 },
]
const NEEDS_YOU: Tone[] = [
  { frequency: 880, at: 0, length: 0.16 },
  { frequency: 659.25, at: 0.2, length: 0.16 },
  { frequency: 880, at: 0.4, length: 0.26 },
]
const CALM: Tone[] = [{ frequency: 659.25, at: 0, length: 0.3 }]

const URGENT = new Set<ChannelEventKind>([
  'attention',
  'error',
  'upload-failed',
  'offline',
  'waiting-for-bed',
])
const GOOD = new Set<ChannelEventKind>(['finished', 'upload-finished', 'back-online'])

export function tonesFor(kind: ChannelEventKind): Tone[] {
  if (URGENT.has(kind)) return NEEDS_YOU
  if (GOOD.has(kind)) return DONE
  return CALM
}

/**
 * Plays the chime for the sound's event; false where this page has no Web Audio. Each chime has an audio context
 * of its own, closed once it has played, so nothing is kept between sounds.
 */
export function playChime(sound: Pick<ChannelSound, 'kind'>): boolean {
  const Context = globalThis.AudioContext as typeof AudioContext | undefined
  if (!Context) return false
  const audio = new Context()
  // A context made before the first click starts suspended; resuming is refused until then, quietly.
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined)
  const start = audio.currentTime + 0.02
  const tones = tonesFor(sound.kind)
  let end = 0
  for (const tone of tones) {
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = tone.frequency
    const from = start + tone.at
    gain.gain.setValueAtTime(0.0001, from)
    gain.gain.exponentialRampToValueAtTime(0.2, from + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, from + tone.length)
    oscillator.connect(gain).connect(audio.destination)
    oscillator.start(from)
    oscillator.stop(from + tone.length + 0.05)
    end = Math.max(end, tone.at + tone.length + 0.05)
  }
  setTimeout(() => void audio.close().catch(() => undefined), (end + 0.5) * 1000)
  return true
}

/**
 * What a printer shows, and the words for it: one decision for the window and the tray, one English table for
 * the window's i18n and main's notices.
 */
import { describe, expect, it } from 'vitest'
import {
  DISPLAY_STATES,
  displayStateOf,
  displayStateOfPrinterState,
  needsHuman,
} from '../../../src/shared/display-state'
import type { ConnectionState, PrinterLive } from '../../../src/shared/model'
import { PRINTER_STATES, type PrinterState } from '../../../src/shared/printer'
import { fillWords, PRINTER_WORDS_EN, stateLabel } from '../../../src/shared/printer-words'

const online = (state: PrinterState): PrinterLive => ({
  id: 'p',
  connection: 'online',
  updatedAt: 1,
  status: { state, telemetry: {} },
})
const withConnection = (connection: ConnectionState, state?: PrinterState): PrinterLive => ({
  id: 'p',
  connection,
  updatedAt: 1,
  ...(state ? { status: { state, telemetry: {} } } : {}),
})

describe('what a printer shows', () => {
  it('is its connection while LinkDeck cannot reach it or sign in, whatever state it last had', () => {
    expect(displayStateOf(undefined)).toBe('connecting')
    expect(displayStateOf(withConnection('connecting'))).toBe('connecting')
    expect(displayStateOf(withConnection('auth-failed', 'PRINTING'))).toBe('auth-failed')
    expect(displayStateOf(withConnection('unreachable', 'PRINTING'))).toBe('offline')
    expect(displayStateOf(withConnection('error', 'IDLE'))).toBe('offline')
  })

  it('is the printer’s own state once it answers', () => {
    expect(PRINTER_STATES.map((state) => displayStateOf(online(state)))).toEqual([
      'idle',
      'busy',
      'printing',
      'paused',
      'finished',
      'stopped',
      'error',
      'attention',
      'idle',
      'idle',
    ])
    expect(displayStateOfPrinterState('OFFLINE')).toBe('offline')
  })

  it('needs a person for an error, a question on the printer’s screen or a refused password', () => {
    expect(needsHuman(online('ERROR'))).toBe(true)
    expect(needsHuman(online('ATTENTION'))).toBe(true)
    expect(needsHuman(withConnection('auth-failed'))).toBe(true)
    expect(needsHuman(online('PRINTING'))).toBe(false)
    expect(needsHuman(withConnection('unreachable', 'ERROR'))).toBe(false)
    expect(needsHuman(undefined)).toBe(false)
  })
})

describe('the words for printer states and transitions', () => {
  it('name every display state, in a label and in one short word', () => {
    for (const state of DISPLAY_STATES) {
      expect(PRINTER_WORDS_EN.state[state]).toBeTruthy()
      expect(PRINTER_WORDS_EN.stateWord[state]).toBeTruthy()
    }
    expect(stateLabel('auth-failed')).toBe('Password refused')
  })

  it('use no vue-i18n syntax but {param}, so main fills them in the same way the window does', () => {
    const messages = [
      ...Object.values(PRINTER_WORDS_EN.state),
      ...Object.values(PRINTER_WORDS_EN.stateWord),
      ...Object.values(PRINTER_WORDS_EN.announce),
      ...Object.values(PRINTER_WORDS_EN.noticeText),
    ]
    for (const message of messages) expect(message.replace(/\{\w+\}/g, '')).not.toMatch(/[{}@$|]/)
  })

  it('fill in their parameters, and leave a missing one visible', () => {
    expect(
      fillWords(PRINTER_WORDS_EN.announce.finished, { name: 'MK4', file: 'benchy', duration: '1 h' }),
    ).toBe('MK4 finished benchy in 1 h')
    expect(fillWords('{name} paused {file}', { name: 'MK4' })).toBe('MK4 paused {file}')
  })
})

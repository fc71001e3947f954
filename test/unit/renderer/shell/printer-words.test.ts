// @vitest-environment happy-dom
/**
 * The window's English for printer states, transitions and notices is main's table (src/shared/printer-words.ts):
 * the badge, the live region and main's tray and notices say the same words, and a translation touches one place.
 */
import { describe, expect, it } from 'vitest'
import { i18n, messages } from '../../../../src/renderer/src/i18n'
import { DISPLAY_STATES } from '../../../../src/shared/display-state'
import { fillWords, PRINTER_WORDS_EN } from '../../../../src/shared/printer-words'

describe('the window’s words for printers', () => {
  it('are the shared English table', () => {
    expect(messages.en.state).toBe(PRINTER_WORDS_EN.state)
    expect(messages.en.stateWord).toBe(PRINTER_WORDS_EN.stateWord)
    expect(messages.en.announce).toBe(PRINTER_WORDS_EN.announce)
    expect(messages.en.noticeText).toBe(PRINTER_WORDS_EN.noticeText)
  })

  it('come out of vue-i18n as main fills them in', () => {
    const t = i18n.global.t
    for (const state of DISPLAY_STATES) expect(t(`state.${state}`)).toBe(PRINTER_WORDS_EN.state[state])
    const params = { name: 'MK4', file: '“benchy.gcode”', duration: '1 h 5 min', printer: 'MINI' }
    for (const [key, message] of Object.entries(PRINTER_WORDS_EN.announce))
      expect(t(`announce.${key}`, params)).toBe(fillWords(message, params))
    for (const [key, message] of Object.entries(PRINTER_WORDS_EN.noticeText))
      expect(t(`noticeText.${key}`, params)).toBe(fillWords(message, params))
  })
})

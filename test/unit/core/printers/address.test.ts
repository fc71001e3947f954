import { describe, expect, it } from 'vitest'
import { parseAddress } from '../../../../src/main/core/printers/address'

describe('printer addresses', () => {
  it.each([
    ['192.168.1.20', 'http://192.168.1.20'],
    ['  192.168.1.20  ', 'http://192.168.1.20'],
    ['mk4.local:8080', 'http://mk4.local:8080'],
    ['http://192.168.1.20/', 'http://192.168.1.20'],
    ['HTTP://Prusa-MK4.local', 'http://prusa-mk4.local'],
    ['[fe80::1]:8080', 'http://[fe80::1]:8080'],
    ['https://printer.example', 'https://printer.example'],
  ])('accepts %s as %s', (input, baseUrl) => {
    expect(parseAddress(input).baseUrl).toBe(baseUrl)
  })

  it.each([
    ['', /empty/],
    ['192.168.1 .20', /spaces/],
    ['192.168.1.20/api', /path/],
    ['ftp://printer', /http/],
    ['http://maker:pw@10.0.0.1', /password/],
    ['1.2.3', /four numbers/],
    ['mk4.local:70000', /port/],
    ['under_score.local', /letters, digits/],
    ['http://h/?x=1', /query/],
  ])('refuses %j with a sentence', (input, why) => {
    expect(() => parseAddress(input)).toThrow(why)
    try {
      parseAddress(input)
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ADDRESS', userFacing: true })
      expect((error as { hint?: string }).hint).toBeTruthy()
    }
  })
})

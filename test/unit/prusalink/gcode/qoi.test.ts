import { describe, expect, it } from 'vitest'
import { QoiError, decodeQoi } from '../../../../src/main/prusalink/gcode/qoi'
import { encodeQoi } from '../../../../src/main/simulator/print-files/qoi-encoder'

const header = (width: number, height: number, channels = 4) => {
  const b = Buffer.alloc(14)
  b.write('qoif', 0, 'latin1')
  b.writeUInt32BE(width, 4)
  b.writeUInt32BE(height, 8)
  b[12] = channels
  return b
}
const END = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1])

describe('decodeQoi (the format of qoi.h)', () => {
  it('decodes every chunk type as the spec defines it', () => {
    const chunks = Buffer.from([
      0xfe,
      16,
      32,
      48, // RGB → (16,32,48,255)
      0x40 | (3 << 4) | (2 << 2) | 1, // DIFF +1, 0, −1 → (17,32,47)
      0x80 | (5 + 32),
      ((2 + 8) << 4) | (-2 + 8), // LUMA dg=5, dr−dg=2, db−dg=−2 → (24,37,50)
      21, // INDEX: hash(16,32,48,255) = 21 → (16,32,48,255)
      0xff,
      1,
      2,
      3,
      128, // RGBA
      0xc0, // RUN of 1
    ])
    const image = decodeQoi(Buffer.concat([header(3, 2), chunks, END]))
    expect([...image.rgba]).toEqual([
      16, 32, 48, 255, 17, 32, 47, 255, 24, 37, 50, 255, 16, 32, 48, 255, 1, 2, 3, 128, 1, 2, 3, 128,
    ])
  })

  it('wraps DIFF around 0 and 255', () => {
    const chunks = Buffer.from([0x40 | (0 << 4) | (2 << 2) | 3]) // dr −2 from 0 → 254, db +1
    const image = decodeQoi(Buffer.concat([header(1, 1), chunks, END]))
    expect([...image.rgba]).toEqual([254, 0, 1, 255])
  })

  it('refuses truncated data, bad headers and images over the pixel bound', () => {
    expect(() => decodeQoi(Buffer.concat([header(2, 2), Buffer.from([0xfe, 1, 2, 3]), END]))).toThrow(
      QoiError,
    )
    expect(() => decodeQoi(Buffer.from('not a qoi image at all'))).toThrow(/not a QOI/)
    expect(() => decodeQoi(Buffer.concat([header(1, 1, 5), END]))).toThrow(/channels/)
    expect(() => decodeQoi(Buffer.concat([header(5000, 5000), END]), 1000)).toThrow(/larger than allowed/)
  })

  it('round-trips the encoder, runs longer than 62 included', () => {
    const width = 100
    const height = 3
    const rgba = new Uint8Array(width * height * 4)
    for (let i = 0; i < width * height; i++) {
      const o = i * 4
      if (i < 150)
        rgba.set([9, 9, 9, 255], o) // long run
      else rgba.set([(i * 3) & 0xff, (i * 5) & 0xff, (i * 7) & 0xff, i % 2 ? 255 : 100], o)
    }
    const encoded = encodeQoi(width, height, rgba)
    expect(encoded.length).toBeLessThan(14 + 5 * width * height + 8)
    expect(Buffer.from(decodeQoi(encoded).rgba).equals(Buffer.from(rgba))).toBe(true)
  })
})

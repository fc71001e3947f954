import { describe, expect, it } from 'vitest'
import { compareModels, modelWarning } from '../../../../src/main/core/uploads/model-match'

describe('sliced for which printer', () => {
  it.each([
    ['MK4S', 'MK4S', 'same'],
    ['mk4s', 'MK4S', 'same'],
    ['MINIIS', 'MINI', 'same'],
    ['MK4', 'MK4S', 'relative'],
    ['MK4S', 'MK3.9', 'relative'],
    ['MK3S', 'MK3.5', 'relative'],
    ['MK3SMMU3', 'MK3S', 'relative'],
    ['MINI', 'MK4S', 'different'],
    ['COREONE', 'XL', 'different'],
    ['MK3S', 'MK4S', 'different'],
    [undefined, 'MK4S', 'unknown'],
    ['MK4S', undefined, 'unknown'],
  ] as const)('%s on %s: %s', (file, printer, kind) => {
    expect(compareModels(file, printer).kind).toBe(kind)
  })

  it('says nothing when it cannot know, softly for close relatives, plainly for other machines', () => {
    expect(modelWarning('MK4S', 'MK4S', 'Desk')).toBeUndefined()
    expect(modelWarning(undefined, 'MK4S', 'Desk')).toBeUndefined()
    expect(modelWarning('MK4', 'MK4S', 'Desk')).toBe(
      'Sliced for MK4; “Desk” is an MK4S. The models are close, so it will likely print, but the printer asks ' +
        'before it starts and speeds or cooling may not suit it; slicing for MK4S is better.',
    )
    expect(modelWarning('MK4S', 'COREONE', 'Box')).toMatch(
      /^Sliced for MK4S; “Box” is a Core One\. Slice it again for Core One/,
    )
    expect(modelWarning('MINI', 'XL', 'Big')).toMatch(/is an XL\./)
  })

  it('with a model guessed from the factory host name, warns only about another machine', () => {
    // `prusa-mk4` is the host name of an MK4, an MK4S and an MK3.9 alike.
    expect(modelWarning('MK4S', 'MK4', 'Desk', 'hostname')).toBeUndefined()
    expect(modelWarning('MINI', 'MK4', 'Desk', 'hostname')).toMatch(/^Sliced for MINI; “Desk” is an MK4\./)
  })
})

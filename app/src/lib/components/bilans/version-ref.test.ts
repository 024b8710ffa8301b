import { describe, expect, it } from 'vitest'
import { formatVersionRef, parseVersionRef } from './version-ref.ts'

const YEAR = '2025-2026'
const ID = 'abcdefghijklmnop'

describe('versions named in a comparison address', () => {
  it('reads a bilan of this year, of another year, and today', () => {
    expect(parseVersionRef(ID, YEAR, false)).toEqual({ kind: 'bilan', schoolYear: YEAR, bilanId: ID })
    expect(parseVersionRef(`2024-2025/${ID}`, YEAR, false)).toEqual({
      kind: 'bilan',
      schoolYear: '2024-2025',
      bilanId: ID,
    })
    expect(parseVersionRef('live', YEAR, true)).toEqual({ kind: 'live' })
    expect(parseVersionRef(null, YEAR, true)).toBeUndefined()
    expect(parseVersionRef('', YEAR, true)).toBeUndefined()
  })

  it('refuses what names no version', () => {
    for (const value of [
      'live',
      'nope',
      `2024-2026/${ID}`,
      `2024-2025/${ID}/x`,
      'ABCDEFGHIJKLMNOP',
      `/${ID}`,
    ])
      expect(parseVersionRef(value, YEAR, false)).toBe('invalid')
  })

  it('writes them back the short way for this year', () => {
    expect(formatVersionRef({ kind: 'bilan', schoolYear: YEAR, bilanId: ID }, YEAR)).toBe(ID)
    expect(formatVersionRef({ kind: 'bilan', schoolYear: '2024-2025', bilanId: ID }, YEAR)).toBe(
      `2024-2025/${ID}`,
    )
    expect(formatVersionRef({ kind: 'live' }, YEAR)).toBe('live')
  })
})

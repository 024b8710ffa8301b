import { describe, expect, it } from 'vitest'
import { CloseError, CloseReason, isValidDocumentName } from './protocol.ts'

describe('document names', () => {
  it.each(['demo', 'demo:bloc-notes', '0420034j:2025-2026:grille', 'a'.repeat(128)])('accepts %s', (name) => {
    expect(isValidDocumentName(name)).toBe(true)
  })

  it.each(['', 'Demo', '../etc/passwd', ':leading', 'espace ici', 'é', 'a'.repeat(129), 'a/b'])(
    'refuses %j',
    (name) => {
      expect(isValidDocumentName(name)).toBe(false)
    },
  )
})

describe('close reasons', () => {
  it('are unique application codes outside the range Hocuspocus uses', () => {
    const codes = Object.values(CloseReason).map((r) => r.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) {
      expect(code).toBeGreaterThanOrEqual(4450)
      expect(code).toBeLessThan(5000)
    }
  })

  it('CloseError carries the named code and reason', () => {
    const error = new CloseError('MalformedUpdate', 'truncated')
    expect(error).toMatchObject({
      code: 4451,
      reason: 'malformed-update',
      message: 'malformed-update: truncated',
    })
  })
})

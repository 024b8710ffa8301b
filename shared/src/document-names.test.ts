import { describe, expect, it } from 'vitest'
import {
  notesDocumentName,
  parseDocumentName,
  seanceDocumentName,
  workspaceDocumentName,
} from './document-names.ts'

describe('document names', () => {
  it('round-trips the établissement notepad', () => {
    expect(parseDocumentName(notesDocumentName('abcdefghijklmnop'))).toEqual({
      etablissementId: 'abcdefghijklmnop',
      kind: 'notes',
      rest: [],
    })
  })

  it('round-trips a school-year workspace', () => {
    expect(parseDocumentName(workspaceDocumentName('abcdefghijklmnop', '2025-2026'))).toEqual({
      etablissementId: 'abcdefghijklmnop',
      kind: 'annee',
      rest: ['2025-2026'],
    })
  })

  it('round-trips a séance', () => {
    expect(parseDocumentName(seanceDocumentName('abcdefghijklmnop', 'seance1'))).toEqual({
      etablissementId: 'abcdefghijklmnop',
      kind: 'seance',
      rest: ['seance1'],
    })
  })

  it.each([
    'notes',
    'etab:abc:seance',
    'etab:abc:seance:a:b',
    'etab:abc:seance:a b',
    'etab:',
    'etab:abc',
    'etab:abc:unknown-kind',
    'other:abc:notes',
    'ETAB:abc:notes',
    '',
    'etab:abc:notes:extra',
    'etab:abc:annee',
    'etab:abc:annee:2025-2027',
    'etab:abc:annee:2025',
  ])('refuses %j', (name) => {
    expect(parseDocumentName(name)).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { notesDocumentName, parseDocumentName } from './document-names.ts'

describe('document names', () => {
  it('round-trips the établissement notepad', () => {
    expect(parseDocumentName(notesDocumentName('abcdefghijklmnop'))).toEqual({
      etablissementId: 'abcdefghijklmnop',
      kind: 'notes',
      rest: [],
    })
  })

  it.each(['notes', 'etab:', 'etab:abc', 'etab:abc:unknown-kind', 'other:abc:notes', 'ETAB:abc:notes', ''])(
    'refuses %j',
    (name) => {
      expect(parseDocumentName(name)).toBeUndefined()
    },
  )
})

import { describe, expect, it } from 'vitest'
import { diffText, type TextSplice } from './text-diff.ts'

const apply = (text: string, s: TextSplice | undefined) =>
  s ? text.slice(0, s.index) + s.insert + text.slice(s.index + s.remove) : text

describe('diffText', () => {
  it('returns nothing for equal strings', () => {
    expect(diffText('Constat', 'Constat')).toBeUndefined()
  })

  it('finds the smallest replacement', () => {
    expect(diffText('Bonjour', 'Bonsoir')).toEqual({ index: 3, remove: 3, insert: 'soi' })
  })

  it('places an ambiguous insertion at the caret', () => {
    // Typing "a" after the first "a" of "aaa": the caret is at 2 after the edit.
    expect(diffText('aaa', 'aaaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' })
    // Without a caret the common tail is taken first.
    expect(diffText('aaa', 'aaaa')).toEqual({ index: 0, remove: 0, insert: 'a' })
  })

  it('never splits a surrogate pair', () => {
    const splice = diffText('Point fort 👍', 'Point fort 👎')!
    expect(splice.insert).toBe('👎')
    expect(splice.remove).toBe(2)
  })

  it.each([
    ['', 'Partenariats'],
    ['Partenariats', ''],
    ['Niveau atteint', 'Niveau consolidé'],
    ['été', 'étés'],
    ['a😀b', 'a😃b'],
  ])('turns %j into %j', (before, after) => {
    expect(apply(before, diffText(before, after))).toBe(after)
  })
})

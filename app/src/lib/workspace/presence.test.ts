import { describe, expect, it } from 'vitest'
import { distinctPeople, initials, personColour, presentPeople } from './presence.ts'

describe('presence', () => {
  it('makes initials from a display name', () => {
    expect(initials('Claire Martin')).toBe('CM')
    expect(initials('Anne-Sophie Le Guen')).toBe('AG')
    expect(initials('élodie')).toBe('É')
    expect(initials('  ')).toBe('?')
  })

  it('gives each person a stable colour', () => {
    expect(personColour('abcdefghijklmnop')).toBe(personColour('abcdefghijklmnop'))
    expect(personColour('abcdefghijklmnop')).toMatch(/^#[0-9A-F]{6}$/)
  })

  it('keeps only well-formed states from other clients', () => {
    const user = { id: 'u1', name: 'Sophie Durand', color: '#1F4E79' }
    const present = presentPeople([
      { clientId: 3, state: { user, field: 'grid:fw:d1:constats' } },
      { clientId: 4, state: {} },
      { clientId: 5, state: { user: { id: 'u2', name: '<b>', color: 'red' } } },
      { clientId: 6, state: { user: { ...user, name: 'Ahmed Benali', id: 'u3' }, field: 42 } },
      { clientId: 7, state: { user } },
    ])
    expect(present.map((person) => [person.clientId, person.initials, person.field])).toEqual([
      [6, 'AB', null],
      [3, 'SD', 'grid:fw:d1:constats'],
      [7, 'SD', null],
    ])
    expect(distinctPeople(present).map((person) => person.clientId)).toEqual([6, 3])
  })
})

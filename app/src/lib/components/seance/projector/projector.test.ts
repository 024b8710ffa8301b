import { describe, expect, it } from 'vitest'
import type { LiveIdea } from '@rouages/shared/seance/live'
import { boardColumns, expectedRaters, spacedCode } from './projector.ts'

const idea = (id: string, overrides: Partial<LiveIdea> = {}): LiveIdea => ({
  id,
  stepIndex: 1,
  column: 'forces',
  text: `Note ${id}`,
  author: 'Claire Martin',
  authorKey: 'u:claire',
  groupId: null,
  createdAt: `2026-03-12T10:00:0${id.length}.000Z`,
  actionId: null,
  ...overrides,
})

describe('the projector’s reading of the live state', () => {
  it('spaces the join code in two groups of three', () => {
    expect(spacedCode('ABC234')).toBe('ABC 234')
    expect(spacedCode('ABCD')).toBe('ABCD')
  })

  it('expects ratings from those present who are not facilitators', () => {
    const claire = { key: 'u:claire', name: 'Claire Martin', guest: false }
    const paule = { key: 'g:paule', name: 'Paule', guest: true }
    expect(expectedRaters([claire, paule], [claire], 0)).toBe(1)
    // Only facilitators in the room: they rate too.
    expect(expectedRaters([claire], [claire], 0)).toBe(1)
    // Someone rated, then left.
    expect(expectedRaters([claire, paule], [claire], 2)).toBe(2)
    expect(expectedRaters([], [], 0)).toBe(0)
  })

  it('stacks grouped notes under their lead, in the lead’s column, only for the step', () => {
    const columns = boardColumns(
      [
        idea('a'),
        idea('b', { column: 'vigilance', groupId: 'a' }),
        idea('c', { column: 'propositions' }),
        idea('d', { stepIndex: 3 }),
        idea('e', { groupId: 'gone' }),
      ],
      1,
      undefined,
    )
    expect(columns.forces.map((s) => [s.lead.id, s.grouped.map((g) => g.id), s.votes])).toEqual([
      ['a', ['b'], null],
      ['e', [], null],
    ])
    expect(columns.vigilance).toEqual([])
    expect(columns.propositions.map((s) => s.lead.id)).toEqual(['c'])
  })

  it('shows totals only once voting ended, most voted first', () => {
    const ideas = [idea('a'), idea('b'), idea('c'), idea('dd', { groupId: 'c' })]
    const open = boardColumns(ideas, 1, { phase: 'open', perPerson: 3, voterCount: 2, totals: null })
    expect(open.forces.map((s) => s.votes)).toEqual([null, null, null])
    const ended = boardColumns(ideas, 1, {
      phase: 'ended',
      perPerson: 3,
      voterCount: 2,
      totals: { b: 1, c: 4 },
    })
    expect(ended.forces.map((s) => [s.lead.id, s.votes])).toEqual([
      ['c', 4],
      ['b', 1],
      ['a', 0],
    ])
  })
})

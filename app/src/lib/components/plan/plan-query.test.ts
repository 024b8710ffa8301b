import { describe, expect, it } from 'vitest'
import type { ActionView } from '@rouages/shared/workspace/actions'
import {
  DEFAULT_QUERY,
  NO_PILOTE,
  filterActions,
  groupByMonth,
  isFiltered,
  parsePlanQuery,
  planSearch,
  sortActions,
  type PlanFilters,
} from './plan-query.ts'

let created = 0
function action(fields: Partial<ActionView>): ActionView {
  created += 1
  return {
    id: `a${created}`,
    createdAt: `2025-09-01T10:00:${String(created).padStart(2, '0')}Z`,
    title: '',
    description: '',
    objective: '',
    acteurs: '',
    moyens: '',
    cible: '',
    bilan: '',
    pilote: null,
    echeance: null,
    etat: 'a-lancer',
    pdca: null,
    efficacite: null,
    links: [],
    measures: [],
    indicators: [],
    ...fields,
  }
}

const NO_FILTER: PlanFilters = { critere: '', pilote: '', etat: '', du: '', au: '', q: '' }
/** Descriptors `d<N>` belong to criterion `c<N>`. */
const criterionOf = (link: string) => link.replace(/\/d(\d)$/, '/c$1')

describe('the plan query string', () => {
  it('reads a link back into the same view, and falls back on what it does not know', () => {
    const query = parsePlanQuery(
      new URLSearchParams('vue=etats&action=x1&tri=pilote&ordre=desc&etat=en-cours&du=2026-01-01&q=PFMP'),
    )
    expect(query).toEqual({
      ...DEFAULT_QUERY,
      vue: 'etats',
      action: 'x1',
      tri: 'pilote',
      ordre: 'desc',
      etat: 'en-cours',
      du: '2026-01-01',
      q: 'PFMP',
    })
    expect(planSearch(query)).toBe(
      '?vue=etats&action=x1&tri=pilote&ordre=desc&etat=en-cours&du=2026-01-01&q=PFMP',
    )
    const odd = parsePlanQuery(new URLSearchParams('vue=kanban&tri=nom&etat=finie&du=2026-02-31&au=demain'))
    expect(odd).toEqual(DEFAULT_QUERY)
    expect(planSearch(odd)).toBe('')
  })

  it('applies changes and leaves defaults out', () => {
    const query = parsePlanQuery(new URLSearchParams('vue=calendrier&action=x1'))
    expect(planSearch(query, { action: null })).toBe('?vue=calendrier')
    expect(planSearch(query, { vue: 'tableau', action: null })).toBe('')
    expect(isFiltered(query)).toBe(false)
    expect(isFiltered({ ...query, q: '  ' })).toBe(false)
    expect(isFiltered({ ...query, pilote: NO_PILOTE })).toBe(true)
  })
})

describe('filtering actions', () => {
  const conventions = action({
    title: 'Signer des conventions',
    description: 'Avec les entreprises du bâtiment',
    pilote: 'u1',
    echeance: '2026-03-20',
    etat: 'en-cours',
    links: ['ldm/d4'],
  })
  const theatre = action({ title: 'Sortie au théâtre', echeance: '2026-05-02', links: ['ldm/c5'] })
  const erasmus = action({ title: 'Mobilité Erasmus+', pilote: 'u2', etat: 'realisee' })
  const all = [conventions, theatre, erasmus]
  const titles = (filters: Partial<PlanFilters>) =>
    filterActions(all, { ...NO_FILTER, ...filters }, criterionOf).map((item) => item.title)

  it('keeps everything without a filter', () => {
    expect(titles({})).toEqual(['Signer des conventions', 'Sortie au théâtre', 'Mobilité Erasmus+'])
  })

  it('finds a criterion through its descriptors', () => {
    expect(titles({ critere: 'ldm/c4' })).toEqual(['Signer des conventions'])
    expect(titles({ critere: 'ldm/c5' })).toEqual(['Sortie au théâtre'])
    expect(titles({ critere: 'ldm/c1' })).toEqual([])
  })

  it('filters by pilote, by no pilote and by état', () => {
    expect(titles({ pilote: 'u2' })).toEqual(['Mobilité Erasmus+'])
    expect(titles({ pilote: NO_PILOTE })).toEqual(['Sortie au théâtre'])
    expect(titles({ etat: 'a-lancer' })).toEqual(['Sortie au théâtre'])
  })

  it('keeps échéances within the range, both ends included, and drops undated actions', () => {
    expect(titles({ du: '2026-03-20' })).toEqual(['Signer des conventions', 'Sortie au théâtre'])
    expect(titles({ au: '2026-03-20' })).toEqual(['Signer des conventions'])
    expect(titles({ du: '2026-03-21', au: '2026-05-01' })).toEqual([])
  })

  it('searches every text, without case nor accents, all words', () => {
    expect(titles({ q: 'batiment' })).toEqual(['Signer des conventions'])
    expect(titles({ q: 'THÉÂTRE sortie' })).toEqual(['Sortie au théâtre'])
    expect(titles({ q: 'théâtre erasmus' })).toEqual([])
  })
})

describe('sorting actions', () => {
  const b = action({ title: 'B', pilote: 'u2', echeance: '2026-04-01', etat: 'realisee' })
  const a = action({ title: 'a', echeance: '2026-02-01', etat: 'en-cours' })
  const c = action({ title: 'Ç', pilote: 'u1', etat: 'a-lancer' })
  const names: Record<string, string> = { u1: 'Zoé', u2: 'Alain' }
  const keys = {
    piloteName: (item: ActionView) => (item.pilote ? (names[item.pilote] ?? '') : ''),
    criteriaKey: () => '',
  }
  const order = (column: Parameters<typeof sortActions>[1], dir: 'asc' | 'desc') =>
    sortActions([b, a, c], column, dir, keys).map((item) => item.title)

  it('sorts titles alphabetically, whatever the case and accents', () => {
    expect(order('intitule', 'asc')).toEqual(['a', 'B', 'Ç'])
    expect(order('intitule', 'desc')).toEqual(['Ç', 'B', 'a'])
  })

  it('puts empty values last in both orders', () => {
    expect(order('echeance', 'asc')).toEqual(['a', 'B', 'Ç'])
    expect(order('echeance', 'desc')).toEqual(['B', 'a', 'Ç'])
    expect(order('pilote', 'asc')).toEqual(['B', 'Ç', 'a'])
    expect(order('pilote', 'desc')).toEqual(['Ç', 'B', 'a'])
  })

  it('sorts états in the order of their progress', () => {
    expect(order('etat', 'asc')).toEqual(['Ç', 'a', 'B'])
  })
})

describe('the timeline', () => {
  it('groups dated actions by month, in order, and keeps the undated ones apart', () => {
    const late = action({ title: 'Mars fin', echeance: '2026-03-30' })
    const early = action({ title: 'Mars début', echeance: '2026-03-02' })
    const next = action({ title: 'Janvier 2027', echeance: '2027-01-15' })
    const none = action({ title: 'Sans date' })
    const { months, undated } = groupByMonth([next, none, late, early])
    expect(months.map((group) => [group.month, group.actions.map((item) => item.title)])).toEqual([
      ['2026-03', ['Mars début', 'Mars fin']],
      ['2027-01', ['Janvier 2027']],
    ])
    expect(undated.map((item) => item.title)).toEqual(['Sans date'])
  })
})

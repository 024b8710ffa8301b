/**
 * The action plan's view state, kept in the page's query string so a link reproduces it: which
 * view (table, board, by criterion, mine, timeline), the open action, the table's sort and the
 * filters. Pure functions, shared by the views and tested on their own.
 *
 * `?vue=etats&action=<id>&tri=echeance&ordre=desc&critere=<fw>/<criterion>&pilote=<user|aucun>
 *  &etat=<state>&du=YYYY-MM-DD&au=YYYY-MM-DD&q=<words>`
 */
import {
  ACTION_STATES,
  isIsoDate,
  type ActionState,
  type ActionView,
} from '@rouages/shared/workspace/actions'

export const PLAN_VIEWS = ['tableau', 'etats', 'criteres', 'mes-actions', 'calendrier'] as const
export type PlanViewName = (typeof PLAN_VIEWS)[number]

export const SORT_COLUMNS = ['intitule', 'pilote', 'echeance', 'etat', 'criteres'] as const
export type SortColumn = (typeof SORT_COLUMNS)[number]
export type SortOrder = 'asc' | 'desc'

/** The `pilote` filter's value for actions without a pilote. */
export const NO_PILOTE = 'aucun'

export interface PlanFilters {
  /** `<frameworkId>/<criterionId>`: actions linked to the criterion or one of its descriptors. */
  critere: string
  /** A user id, or NO_PILOTE. */
  pilote: string
  etat: ActionState | ''
  /** Échéance from (inclusive), YYYY-MM-DD. */
  du: string
  /** Échéance until (inclusive), YYYY-MM-DD. */
  au: string
  /** Words to find in the action's texts. */
  q: string
}

export interface PlanQuery extends PlanFilters {
  vue: PlanViewName
  /** The action open in the editor. */
  action: string | null
  tri: SortColumn
  ordre: SortOrder
}

export const DEFAULT_QUERY: PlanQuery = {
  vue: 'tableau',
  action: null,
  tri: 'echeance',
  ordre: 'asc',
  critere: '',
  pilote: '',
  etat: '',
  du: '',
  au: '',
  q: '',
}

const oneOf = <T extends string>(list: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : fallback

/** Reads the query string; anything unknown or malformed falls back to its default. */
export function parsePlanQuery(params: Pick<URLSearchParams, 'get'>): PlanQuery {
  const text = (name: string, max = 200) => (params.get(name) ?? '').slice(0, max)
  const date = (name: string) => (isIsoDate(params.get(name)) ? (params.get(name) as string) : '')
  return {
    vue: oneOf(PLAN_VIEWS, params.get('vue'), DEFAULT_QUERY.vue),
    action: params.get('action') || null,
    tri: oneOf(SORT_COLUMNS, params.get('tri'), DEFAULT_QUERY.tri),
    ordre: params.get('ordre') === 'desc' ? 'desc' : 'asc',
    critere: text('critere', 300),
    pilote: text('pilote', 64),
    etat: oneOf<ActionState | ''>(ACTION_STATES, params.get('etat'), ''),
    du: date('du'),
    au: date('au'),
    q: text('q'),
  }
}

/** `?vue=etats&…`: the query with `changes` applied, defaults left out ('' when all default). */
export function planSearch(current: PlanQuery, changes: Partial<PlanQuery> = {}): string {
  const next = { ...current, ...changes }
  const params = new URLSearchParams()
  for (const key of Object.keys(DEFAULT_QUERY) as Array<keyof PlanQuery>) {
    const value = next[key]
    if (value !== null && value !== '' && value !== DEFAULT_QUERY[key]) params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `?${search}` : ''
}

/** Whether any filter narrows the list. */
export function isFiltered(filters: PlanFilters): boolean {
  return Boolean(
    filters.critere || filters.pilote || filters.etat || filters.du || filters.au || filters.q.trim(),
  )
}

/** Lower case, without accents: « Échéance » finds « echeance ». */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr')
}

const SEARCHED_FIELDS = ['title', 'description', 'objective', 'acteurs', 'moyens', 'cible', 'bilan'] as const

/**
 * The actions the filters keep, in their order. `criterionOf` gives the criterion (as
 * `<frameworkId>/<criterionId>`) a link points to: itself for a criterion, its criterion for a
 * descriptor, undefined for an item the year no longer has.
 */
export function filterActions(
  actions: readonly ActionView[],
  filters: PlanFilters,
  criterionOf: (link: string) => string | undefined,
): ActionView[] {
  const words = fold(filters.q).split(/\s+/u).filter(Boolean)
  return actions.filter((action) => {
    if (filters.etat && action.etat !== filters.etat) return false
    if (
      filters.pilote === NO_PILOTE
        ? action.pilote !== null
        : filters.pilote && action.pilote !== filters.pilote
    )
      return false
    if (filters.critere && !action.links.some((link) => criterionOf(link) === filters.critere)) return false
    if (filters.du || filters.au) {
      if (action.echeance === null) return false
      if (filters.du && action.echeance < filters.du) return false
      if (filters.au && action.echeance > filters.au) return false
    }
    if (words.length > 0) {
      const haystack = fold(SEARCHED_FIELDS.map((field) => action[field]).join('\n'))
      if (!words.every((word) => haystack.includes(word))) return false
    }
    return true
  })
}

export interface SortKeys {
  /** The pilote's name, '' for none. */
  piloteName(action: ActionView): string
  /** A key that orders actions by their first linked criterion, '' for none. */
  criteriaKey(action: ActionView): string
}

/**
 * The actions sorted by a column. Empty values (no pilote, no échéance, no criterion) always come
 * last, whatever the order; ties keep the creation order.
 */
export function sortActions(
  actions: readonly ActionView[],
  column: SortColumn,
  order: SortOrder,
  keys: SortKeys,
): ActionView[] {
  const keyOf = (action: ActionView): string => {
    switch (column) {
      case 'intitule':
        return fold(action.title.trim())
      case 'pilote':
        return fold(keys.piloteName(action))
      case 'echeance':
        return action.echeance ?? ''
      case 'etat':
        return String(ACTION_STATES.indexOf(action.etat))
      case 'criteres':
        return keys.criteriaKey(action)
    }
  }
  const direction = order === 'asc' ? 1 : -1
  return actions
    .map((action, index) => ({ action, index, key: keyOf(action) }))
    .sort((a, b) => {
      if (!a.key || !b.key) return a.key === b.key ? a.index - b.index : a.key ? -1 : 1
      return direction * a.key.localeCompare(b.key, 'fr', { numeric: true }) || a.index - b.index
    })
    .map(({ action }) => action)
}

export interface MonthGroup {
  /** YYYY-MM */
  month: string
  actions: ActionView[]
}

/** The actions with an échéance by month, earliest first, each month by day; and those without. */
export function groupByMonth(actions: readonly ActionView[]): {
  months: MonthGroup[]
  undated: ActionView[]
} {
  const dated = actions
    .filter((action) => action.echeance !== null)
    .sort(
      (a, b) => (a.echeance ?? '').localeCompare(b.echeance ?? '') || a.createdAt.localeCompare(b.createdAt),
    )
  const months: MonthGroup[] = []
  for (const action of dated) {
    const month = (action.echeance ?? '').slice(0, 7)
    const last = months.at(-1)
    if (last?.month === month) last.actions.push(action)
    else months.push({ month, actions: [action] })
  }
  return { months, undated: actions.filter((action) => action.echeance === null) }
}

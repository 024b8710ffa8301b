import { urgencyOf, type ActionState, type ActionView } from '../workspace/actions.ts'
import { latestMeasurement, type IndicatorView } from '../workspace/indicators.ts'
import type { FrameworkSnapshot, WorkspaceSnapshot } from '../workspace/snapshot.ts'

/**
 * What changed between two versions of a school year (E3): two bilans, or a bilan and today's
 * workspace. A pure function of their JSON renderings, so the screen, the reports and the tests
 * agree. Items are matched by id: a year started from a bilan keeps its descriptors', actions' and
 * indicators' ids, so last year and this year compare item by item.
 */
export type Direction = 'up' | 'down' | 'same' | 'added' | 'removed' | 'not-positioned'

export interface LevelChange {
  /** Position on the scale, from 0 (first level); null when not positioned. */
  before: number | null
  after: number | null
  direction: Direction
}

export interface DescriptorChange extends LevelChange {
  id: string
  text: string
  beforeLevel: string | null
  afterLevel: string | null
}

export interface CriterionChange extends LevelChange {
  id: string
  number: string
  title: string
  descriptors: DescriptorChange[]
}

export interface FrameworkChange {
  id: string
  label: string
  levels: Array<{ id: string; label: string }>
  criteria: CriterionChange[]
}

export interface IndicatorChange {
  id: string
  name: string
  unit: string
  cible: number | null
  before: number | null
  after: number | null
  /** after − before, when both exist. */
  delta: number | null
  /** Whether the change goes the indicator's better way (null when unknown or unchanged). */
  better: boolean | null
  reachedBefore: boolean
  reachedAfter: boolean
}

export interface Comparison {
  frameworks: FrameworkChange[]
  actions: {
    added: ActionView[]
    removed: ActionView[]
    completed: ActionView[]
    abandoned: ActionView[]
    /** Late in the later version (at `today`). */
    overdue: ActionView[]
    /** Other changes of état, e.g. à lancer → en cours. */
    moved: Array<{ action: ActionView; from: ActionState; to: ActionState }>
  }
  indicators: IndicatorChange[]
}

const direction = (before: number | null, after: number | null): Direction => {
  if (before === null && after === null) return 'not-positioned'
  if (before === null) return 'added'
  if (after === null) return 'removed'
  if (after > before) return 'up'
  if (after < before) return 'down'
  return 'same'
}

/** The mean position of a criterion's positioned descriptors on its scale; null if none. */
export function criterionMean(
  criterion: FrameworkSnapshot['criteria'][number],
  levels: ReadonlyArray<{ id: string }>,
): number | null {
  const positions = criterion.descriptors
    .map((descriptor) => levels.findIndex((level) => level.id === descriptor.entry.level))
    .filter((index) => index >= 0)
  return positions.length === 0 ? null : positions.reduce((sum, index) => sum + index, 0) / positions.length
}

function compareFramework(before: FrameworkSnapshot | undefined, after: FrameworkSnapshot): FrameworkChange {
  const levels = after.scale.levels
  const position = (level: string | null | undefined) => {
    const index = levels.findIndex((candidate) => candidate.id === level)
    return index >= 0 ? index : null
  }
  return {
    id: after.id,
    label: after.label,
    levels: levels.map(({ id, label }) => ({ id, label })),
    criteria: after.criteria.map((criterion) => {
      const previous = before?.criteria.find((candidate) => candidate.id === criterion.id)
      const previousEntries = new Map(previous?.descriptors.map((d) => [d.id, d.entry.level]) ?? [])
      const meanBefore = previous ? criterionMean(previous, levels) : null
      const meanAfter = criterionMean(criterion, levels)
      return {
        id: criterion.id,
        number: criterion.number,
        title: criterion.title,
        before: meanBefore,
        after: meanAfter,
        direction: direction(meanBefore, meanAfter),
        descriptors: criterion.descriptors.map((descriptor) => {
          const beforeLevel = previousEntries.get(descriptor.id) ?? null
          const b = position(beforeLevel)
          const a = position(descriptor.entry.level)
          return {
            id: descriptor.id,
            text: descriptor.text,
            beforeLevel,
            afterLevel: descriptor.entry.level,
            before: b,
            after: a,
            direction: direction(b, a),
          }
        }),
      }
    }),
  }
}

function compareIndicator(before: IndicatorView | undefined, after: IndicatorView): IndicatorChange {
  const valueBefore = before ? (latestMeasurement(before)?.value ?? null) : null
  const valueAfter = latestMeasurement(after)?.value ?? null
  const reached = (value: number | null) =>
    value !== null &&
    after.cible !== null &&
    (after.direction === 'hausse' ? value >= after.cible : value <= after.cible)
  const delta = valueBefore !== null && valueAfter !== null ? valueAfter - valueBefore : null
  return {
    id: after.id,
    name: after.name,
    unit: after.unit,
    cible: after.cible,
    before: valueBefore,
    after: valueAfter,
    delta,
    better: delta === null || delta === 0 ? null : after.direction === 'hausse' ? delta > 0 : delta < 0,
    reachedBefore: reached(valueBefore),
    reachedAfter: reached(valueAfter),
  }
}

/** Compares an earlier version with a later one; `today` (YYYY-MM-DD) decides what is late. */
export function compareVersions(
  before: WorkspaceSnapshot,
  after: WorkspaceSnapshot,
  today: string,
): Comparison {
  const actionsBefore = new Map(before.actions.map((action) => [action.id, action]))
  const actionsAfter = new Map(after.actions.map((action) => [action.id, action]))
  const moved: Comparison['actions']['moved'] = []
  const completed: ActionView[] = []
  const abandoned: ActionView[] = []
  for (const action of after.actions) {
    const previous = actionsBefore.get(action.id)
    if (!previous || previous.etat === action.etat) continue
    if (action.etat === 'realisee') completed.push(action)
    else if (action.etat === 'abandonnee') abandoned.push(action)
    else moved.push({ action, from: previous.etat, to: action.etat })
  }
  const indicatorsBefore = new Map(before.indicators.map((indicator) => [indicator.id, indicator]))
  return {
    frameworks: after.frameworks.map((framework) =>
      compareFramework(
        before.frameworks.find((candidate) => candidate.id === framework.id),
        framework,
      ),
    ),
    actions: {
      added: after.actions.filter((action) => !actionsBefore.has(action.id)),
      removed: before.actions.filter((action) => !actionsAfter.has(action.id)),
      completed,
      abandoned,
      overdue: after.actions.filter((action) => urgencyOf(action, today) === 'overdue'),
      moved,
    },
    indicators: after.indicators.map((indicator) =>
      compareIndicator(indicatorsBefore.get(indicator.id), indicator),
    ),
  }
}

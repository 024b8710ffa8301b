import type * as Y from 'yjs'
import type { Level, Scale } from '../frameworks/types.ts'
import { ACTION_STATES, readActions, urgencyOf, type ActionState, type ActionView } from './actions.ts'
import { frameworkLabelOf, followedFrameworkIds, readCriteria, readEntry, scaleOf } from './grid.ts'
import {
  latestMeasurement,
  readIndicators,
  trendOf,
  type IndicatorView,
  type Measurement,
  type Trend,
} from './indicators.ts'

/**
 * The figures of the tableau de bord (D2), computed from the school-year document alone so the
 * screen, the print-out and the tests agree.
 */
export interface CriterionLevels {
  criterionId: string
  number: string
  title: string
  shortTitle: string
  /** Descriptors per level id, in scale order. */
  counts: Record<string, number>
  positioned: number
  total: number
  /**
   * The criterion's level: the mean position of its positioned descriptors on the scale, from 0
   * (first level) to levels − 1; null when none is positioned.
   */
  mean: number | null
}

export interface FrameworkLevels {
  frameworkId: string
  label: string
  levels: Array<Pick<Level, 'id' | 'label' | 'color' | 'pattern'>>
  criteria: CriterionLevels[]
}

export interface IndicatorStatus {
  indicator: IndicatorView
  latest: Measurement | undefined
  trend: Trend
}

export interface DashboardFigures {
  frameworks: FrameworkLevels[]
  actionsByState: Record<ActionState, number>
  overdue: ActionView[]
  dueSoon: ActionView[]
  indicators: IndicatorStatus[]
}

/**
 * A framework with the level of each descriptor: the shape of a snapshot's framework
 * (`FrameworkSnapshot`), so the live document and a frozen bilan go through the same computation.
 */
export interface PositionedFramework {
  id: string
  label: string
  scale: Scale
  criteria: Array<{
    id: string
    number: string
    title: string
    shortTitle: string
    descriptors: Array<{ entry: { level: string | null } }>
  }>
}

/** Each criterion's levels (counts per level, mean position) of a positioned framework. */
export function levelsOfFramework(framework: PositionedFramework): FrameworkLevels {
  const { scale } = framework
  const index = new Map(scale.levels.map((level, i) => [level.id, i]))
  return {
    frameworkId: framework.id,
    label: framework.label,
    levels: scale.levels.map(({ id, label, color, pattern }) => ({ id, label, color, pattern })),
    criteria: framework.criteria.map((criterion) => {
      const counts = Object.fromEntries(scale.levels.map((level) => [level.id, 0]))
      let sum = 0
      let positioned = 0
      for (const { entry } of criterion.descriptors) {
        const at = entry.level === null ? undefined : index.get(entry.level)
        if (entry.level === null || at === undefined) continue
        counts[entry.level] = (counts[entry.level] ?? 0) + 1
        sum += at
        positioned += 1
      }
      return {
        criterionId: criterion.id,
        number: criterion.number,
        title: criterion.title,
        shortTitle: criterion.shortTitle,
        counts,
        positioned,
        total: criterion.descriptors.length,
        mean: positioned === 0 ? null : sum / positioned,
      }
    }),
  }
}

/** The level a criterion's mean position stands at (rounded to the nearest level), or null. */
export function levelOfMean<L>(levels: readonly L[], mean: number | null): L | null {
  return mean === null ? null : (levels[Math.round(mean)] ?? null)
}

export function frameworkLevels(doc: Y.Doc, frameworkId: string): FrameworkLevels {
  return levelsOfFramework({
    id: frameworkId,
    label: frameworkLabelOf(doc, frameworkId) ?? frameworkId,
    scale: scaleOf(doc, frameworkId),
    criteria: readCriteria(doc, frameworkId).map((criterion) => ({
      ...criterion,
      descriptors: criterion.descriptors.map((descriptor) => ({
        entry: readEntry(doc, frameworkId, descriptor.id),
      })),
    })),
  })
}

export function dashboardFigures(doc: Y.Doc, today: string): DashboardFigures {
  const actions = readActions(doc)
  const actionsByState = Object.fromEntries(ACTION_STATES.map((state) => [state, 0])) as Record<
    ActionState,
    number
  >
  for (const action of actions) actionsByState[action.etat] += 1
  const byEcheance = (a: ActionView, b: ActionView) => (a.echeance ?? '').localeCompare(b.echeance ?? '')
  return {
    frameworks: followedFrameworkIds(doc).map((frameworkId) => frameworkLevels(doc, frameworkId)),
    actionsByState,
    overdue: actions.filter((action) => urgencyOf(action, today) === 'overdue').sort(byEcheance),
    dueSoon: actions.filter((action) => urgencyOf(action, today) === 'due-soon').sort(byEcheance),
    indicators: readIndicators(doc).map((indicator) => ({
      indicator,
      latest: latestMeasurement(indicator),
      trend: trendOf(indicator),
    })),
  }
}

import type * as Y from 'yjs'
import { followedFrameworkIds, readCriteria, readEntry, scaleOf } from '../workspace/grid.ts'
import type { LiveCriterion } from './live.ts'

/** `<frameworkId>/<criterionId>`, as an agenda step names its target. */
export function parseStepTarget(
  target: string | undefined,
): { frameworkId: string; criterionId: string } | undefined {
  const [frameworkId, criterionId, ...rest] = (target ?? '').split('/')
  return frameworkId && criterionId && rest.length === 0 ? { frameworkId, criterionId } : undefined
}

/**
 * What a criterion step shows participants, read from the year's workspace: guests cannot open
 * the workspace itself, so the séance's document carries this copy, refreshed as steps are reached.
 */
export function liveCriterionOf(workspace: Y.Doc, target: string | undefined): LiveCriterion | undefined {
  const parsed = parseStepTarget(target)
  if (!parsed) return undefined
  const { frameworkId, criterionId } = parsed
  if (!followedFrameworkIds(workspace).includes(frameworkId)) return undefined
  const criterion = readCriteria(workspace, frameworkId).find((c) => c.id === criterionId)
  if (!criterion) return undefined
  return {
    frameworkId,
    criterionId,
    label: `Critère ${criterion.number} : ${criterion.title}`,
    descriptors: criterion.descriptors.map((d) => ({
      id: d.id,
      text: d.text,
      level: readEntry(workspace, frameworkId, d.id).level,
    })),
    scale: scaleOf(workspace, frameworkId).levels.map(({ id, label, color, pattern }) => ({
      id,
      label,
      color,
      pattern,
    })),
  }
}

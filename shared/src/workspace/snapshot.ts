import type * as Y from 'yjs'
import type { Scale } from '../frameworks/types.ts'
import { readActions, type ActionView } from './actions.ts'
import { crosswalkLinks } from './crosswalk.ts'
import {
  followedFrameworkIds,
  frameworkLabelOf,
  readCriteria,
  readEntry,
  scaleOf,
  synthesisText,
} from './grid.ts'
import { readIndicators, type IndicatorView } from './indicators.ts'
import type { CrosswalkLink } from '../frameworks/types.ts'
import type { EntryView } from './schema.ts'

/**
 * A school-year workspace as plain JSON: what a bilan (annual review) keeps beside the document's
 * bytes, and what comparisons and reports are computed from — pure functions of this, never of a
 * live document.
 */
export interface WorkspaceSnapshot {
  schemaVersion: number
  schoolYear: string
  frameworks: FrameworkSnapshot[]
  actions: ActionView[]
  indicators: IndicatorView[]
  crosswalk: CrosswalkLink[]
}

export interface FrameworkSnapshot {
  id: string
  label: string
  scale: Scale
  criteria: Array<{
    id: string
    number: string
    title: string
    shortTitle: string
    synthesis: string
    descriptors: Array<{ id: string; text: string; expectations: string; entry: EntryView }>
  }>
}

export function workspaceSnapshot(doc: Y.Doc): WorkspaceSnapshot {
  const meta = doc.getMap('meta')
  return {
    schemaVersion: Number(meta.get('schemaVersion') ?? 0),
    schoolYear: typeof meta.get('schoolYear') === 'string' ? (meta.get('schoolYear') as string) : '',
    frameworks: followedFrameworkIds(doc).map((frameworkId) => ({
      id: frameworkId,
      label: frameworkLabelOf(doc, frameworkId) ?? frameworkId,
      scale: scaleOf(doc, frameworkId),
      criteria: readCriteria(doc, frameworkId).map((criterion) => ({
        id: criterion.id,
        number: criterion.number,
        title: criterion.title,
        shortTitle: criterion.shortTitle,
        synthesis: synthesisText(doc, frameworkId, criterion.id).toJSON(),
        descriptors: criterion.descriptors.map((descriptor) => ({
          ...descriptor,
          entry: readEntry(doc, frameworkId, descriptor.id),
        })),
      })),
    })),
    actions: readActions(doc),
    indicators: readIndicators(doc),
    crosswalk: crosswalkLinks(doc),
  }
}

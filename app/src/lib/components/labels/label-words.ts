/** A label's status and decision, and where its cycle stands, in the reader's language. */
import type { LabelDecision, LabelStatus } from '@rouages/shared/api/labels'
import { m } from '#lib/paraglide/messages.js'
import { cyclePosition } from './cycle.ts'

const STATUS_WORDS: Record<LabelStatus, () => string> = {
  preparation: m.labels_status_preparation,
  candidature: m.labels_status_candidature,
  audit: m.labels_status_audit,
  labellise: m.labels_status_labellise,
  renouvellement: m.labels_status_renouvellement,
  expire: m.labels_status_expire,
}

const DECISION_WORDS: Record<LabelDecision, () => string> = {
  'nouvellement-labellise': m.labels_decision_nouvellement_labellise,
  renouvellement: m.labels_decision_renouvellement,
  'renouvellement-avec-modification': m.labels_decision_renouvellement_avec_modification,
}

/** "Labellisé" */
export const statusWords = (status: LabelStatus): string => STATUS_WORDS[status]()

/** "Renouvellement avec modification", or "Pas encore de décision". */
export const decisionWords = (decision: LabelDecision | null): string =>
  decision ? DECISION_WORDS[decision]() : m.labels_decision_none()

/** "année 3 sur 5", "cycle terminé", "le cycle commence en septembre 2027". */
export function cycleStanding(cycleStart: number, cycleEnd: number, today: Date): string {
  const position = cyclePosition(cycleStart, cycleEnd, today)
  if (position.kind === 'before') return m.labels_cycle_before({ start: cycleStart })
  if (position.kind === 'after') return m.labels_cycle_after()
  return m.labels_cycle_year({ year: position.year, total: position.total })
}

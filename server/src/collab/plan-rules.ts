import type * as Y from 'yjs'
import { readAction, readActions, repairActions, type ActionRepair } from '@rouages/shared/workspace/actions'
import { readIndicators, repairIndicators } from '@rouages/shared/workspace/indicators'
import { touchedItems } from '@rouages/shared/workspace/touched'

/** A change of the action plan worth a line in the audit trail (who did what). */
export interface PlanEvent {
  action:
    | 'action.created'
    | 'action.deleted'
    | 'action.state-changed'
    | 'indicator.created'
    | 'indicator.deleted'
    | 'indicator.measured'
  details: Record<string, unknown>
}

export interface PlanRulesHooks {
  /** Whether a transaction comes from a client (the only ones repaired and audited). */
  fromClient(transaction: Y.Transaction): boolean
  /** The origin of the server's own repairs. */
  serverOrigin: unknown
  onRepairs(repairs: Array<ActionRepair | string>): void
  onEvents(events: PlanEvent[], transaction: Y.Transaction): void
}

/**
 * Keeps the action plan and the indicators of a school-year document within their rules whatever
 * a client sends: every client transaction touching them is repaired at once by the server (the
 * repair is a new transaction every client receives), then described for the audit trail.
 * Repairing rather than rejecting: a Yjs update cannot be refused piecemeal once applied, and
 * rejecting whole updates would throw away a client's other, valid edits.
 */
export function watchPlanRules(doc: Y.Doc, hooks: PlanRulesHooks): () => void {
  const actions = doc.getMap<unknown>('actions')
  const indicators = doc.getMap<unknown>('indicators')
  // Titles and names as last seen, to name what a deletion removed (its content is gone then).
  const titles = new Map(readActions(doc).map((action) => [action.id, action.title]))
  const names = new Map(readIndicators(doc).map((indicator) => [indicator.id, indicator.name]))

  const onActions = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    const touched = touchedItems(actions, events)
    if (!hooks.fromClient(transaction)) {
      for (const id of touched.keys()) rememberTitle(id)
      return
    }
    // The état each action had before this transaction (a repair may move it: emptying the bilan
    // of a réalisée action reopens it, and that counts as the client's move).
    const etatBefore = new Map<string, unknown>()
    for (const [id, oldValues] of touched)
      etatBefore.set(id, oldValues.has('etat') ? oldValues.get('etat') : readAction(doc, id)?.etat)
    let repairs: ActionRepair[] = []
    doc.transact(() => (repairs = repairActions(doc, touched)), hooks.serverOrigin)
    if (repairs.length > 0) hooks.onRepairs(repairs)
    const planEvents: PlanEvent[] = []
    for (const id of touched.keys()) {
      const action = readAction(doc, id)
      if (!action) {
        if (titles.has(id))
          planEvents.push({ action: 'action.deleted', details: { actionId: id, title: titles.get(id) } })
        titles.delete(id)
        continue
      }
      if (!titles.has(id))
        planEvents.push({ action: 'action.created', details: { actionId: id, title: action.title } })
      else if (etatBefore.get(id) !== undefined && etatBefore.get(id) !== action.etat)
        planEvents.push({
          action: 'action.state-changed',
          details: { actionId: id, title: action.title, from: etatBefore.get(id), to: action.etat },
        })
      titles.set(id, action.title)
    }
    if (planEvents.length > 0) hooks.onEvents(planEvents, transaction)
  }

  const rememberTitle = (id: string) => {
    const action = readAction(doc, id)
    if (action) titles.set(id, action.title)
    else titles.delete(id)
  }

  const onIndicators = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    const touched = touchedItems(indicators, events)
    if (hooks.fromClient(transaction)) {
      let repairs: string[] = []
      doc.transact(() => (repairs = repairIndicators(doc, touched)), hooks.serverOrigin)
      if (repairs.length > 0) hooks.onRepairs(repairs)
    }
    const current = new Map(readIndicators(doc).map((indicator) => [indicator.id, indicator]))
    const planEvents: PlanEvent[] = []
    for (const id of touched.keys()) {
      const indicator = current.get(id)
      if (!indicator) {
        if (names.has(id))
          planEvents.push({ action: 'indicator.deleted', details: { indicatorId: id, name: names.get(id) } })
        names.delete(id)
        continue
      }
      if (!names.has(id))
        planEvents.push({ action: 'indicator.created', details: { indicatorId: id, name: indicator.name } })
      else if (isMeasurementChange(events, id))
        planEvents.push({
          action: 'indicator.measured',
          details: { indicatorId: id, name: indicator.name, measurements: indicator.measurements.length },
        })
      names.set(id, indicator.name)
    }
    if (hooks.fromClient(transaction) && planEvents.length > 0) hooks.onEvents(planEvents, transaction)
  }

  actions.observeDeep(onActions)
  indicators.observeDeep(onIndicators)
  return () => {
    actions.unobserveDeep(onActions)
    indicators.unobserveDeep(onIndicators)
  }
}

const isMeasurementChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, id: string) =>
  events.some((event) => event.path[0] === id && event.path[1] === 'measurements')

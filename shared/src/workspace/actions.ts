import * as Y from 'yjs'
import { newId } from './ids.ts'

/**
 * The action plan (C1) of a school year: `actions` in the workspace document, actionId → Y.Map.
 *
 * action Y.Map { id, createdAt,
 *                title, description, objective, acteurs, moyens, cible, bilan   (Y.Text)
 *                pilote (user id | null), echeance ('YYYY-MM-DD' | null), etat, pdca (| null),
 *                efficacite ('oui' | 'partiel' | 'non' | null: did it work?),
 *                links      Y.Map "<frameworkId>/<criterion or descriptor id>" → true,
 *                measures   Y.Map reform measure id → true,
 *                indicators Y.Map indicator id → true }
 *
 * Sets are map keys, so two people adding the same link at once make one link. The rule of the
 * closing review — réalisée only with its bilan (efficacité and evidence) — is checked here for the
 * UI and enforced by the server, which repairs any transaction that breaks it (see
 * `repairActions`).
 */
export const ACTION_STATES = ['a-lancer', 'en-cours', 'realisee', 'reportee', 'abandonnee'] as const
export type ActionState = (typeof ACTION_STATES)[number]

export const PDCA_PHASES = ['plan', 'do', 'check', 'act'] as const
export type PdcaPhase = (typeof PDCA_PHASES)[number]

export const EFFECTIVENESS = ['oui', 'partiel', 'non'] as const
export type Effectiveness = (typeof EFFECTIVENESS)[number]

export const ACTION_TEXT_FIELDS = [
  'title',
  'description',
  'objective',
  'acteurs',
  'moyens',
  'cible',
  'bilan',
] as const
export type ActionTextField = (typeof ACTION_TEXT_FIELDS)[number]

export const ACTION_SET_FIELDS = ['links', 'measures', 'indicators'] as const
export type ActionSetField = (typeof ACTION_SET_FIELDS)[number]

/** French labels (DOMAIN.md vocabulary): UI, exports and audit. */
export const ACTION_STATE_LABELS_FR: Record<ActionState, string> = {
  'a-lancer': 'À lancer',
  'en-cours': 'En cours',
  realisee: 'Réalisée',
  reportee: 'Reportée',
  abandonnee: 'Abandonnée',
}

export const PDCA_LABELS_FR: Record<PdcaPhase, string> = {
  plan: 'Planifier (Plan)',
  do: 'Mettre en œuvre (Do)',
  check: 'Vérifier (Check)',
  act: 'Ajuster (Act)',
}

export const EFFECTIVENESS_LABELS_FR: Record<Effectiveness, string> = {
  oui: 'Oui',
  partiel: 'En partie',
  non: 'Non',
}

/** Actions due within this many days stand out (C3). */
export const DUE_SOON_DAYS = 15

export interface ActionView {
  id: string
  createdAt: string
  title: string
  description: string
  objective: string
  acteurs: string
  moyens: string
  cible: string
  bilan: string
  pilote: string | null
  echeance: string | null
  etat: ActionState
  pdca: PdcaPhase | null
  efficacite: Effectiveness | null
  /** `<frameworkId>/<criterion or descriptor id>` */
  links: string[]
  measures: string[]
  indicators: string[]
}

/** Thrown when a change would break a rule of the action plan; `code` names the rule. */
export class ActionRuleError extends Error {
  readonly code: 'bilan-required' | 'invalid-value' | 'unknown-action'
  constructor(code: ActionRuleError['code'], message: string) {
    super(message)
    this.code = code
  }
}

const actionsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('actions')

export const linkKey = (frameworkId: string, itemId: string) => `${frameworkId}/${itemId}`

function actionMap(doc: Y.Doc, actionId: string): Y.Map<unknown> {
  const action = actionsMap(doc).get(actionId)
  if (!action) throw new ActionRuleError('unknown-action', `action ${actionId} not found`)
  return action
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** A real calendar date written YYYY-MM-DD (no 31 February). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

/** Whether a scalar field's value is allowed (the server reverts what is not). */
export function isValidActionScalar(field: string, value: unknown): boolean {
  switch (field) {
    case 'id':
    case 'createdAt':
      return typeof value === 'string' && value.length > 0
    case 'etat':
      return (ACTION_STATES as readonly unknown[]).includes(value)
    case 'pdca':
      return value === null || (PDCA_PHASES as readonly unknown[]).includes(value)
    case 'efficacite':
      return value === null || (EFFECTIVENESS as readonly unknown[]).includes(value)
    case 'pilote':
      return value === null || (typeof value === 'string' && value.length > 0 && value.length <= 64)
    case 'echeance':
      return value === null || isIsoDate(value)
    default:
      return false
  }
}

export interface NewAction {
  title: string
  links?: string[]
  measures?: string[]
  pilote?: string | null
  echeance?: string | null
}

/** Creates an action with every nested type up front, in one transaction; returns its id. */
export function createAction(doc: Y.Doc, init: NewAction, now = new Date()): string {
  if (init.echeance != null && !isIsoDate(init.echeance))
    throw new ActionRuleError('invalid-value', `échéance ${JSON.stringify(init.echeance)} is not a date`)
  const id = newId()
  doc.transact(() => {
    const action = new Y.Map<unknown>()
    actionsMap(doc).set(id, action)
    action.set('id', id)
    action.set('createdAt', now.toISOString())
    for (const field of ACTION_TEXT_FIELDS) action.set(field, new Y.Text())
    ;(action.get('title') as Y.Text).insert(0, init.title.trim())
    action.set('pilote', init.pilote ?? null)
    action.set('echeance', init.echeance ?? null)
    action.set('etat', 'a-lancer')
    action.set('pdca', null)
    action.set('efficacite', null)
    for (const field of ACTION_SET_FIELDS) action.set(field, new Y.Map<true>())
    for (const key of init.links ?? []) (action.get('links') as Y.Map<true>).set(key, true)
    for (const key of init.measures ?? []) (action.get('measures') as Y.Map<true>).set(key, true)
  })
  return id
}

/** Removes an action (undo brings it back with everything it held). */
export function removeAction(doc: Y.Doc, actionId: string): void {
  actionsMap(doc).delete(actionId)
}

/** The shared text of an action field: bind editors to it. */
export function actionText(doc: Y.Doc, actionId: string, field: ActionTextField): Y.Text {
  return actionMap(doc, actionId).get(field) as Y.Text
}

type ScalarField = 'pilote' | 'echeance' | 'pdca' | 'efficacite'

/** Sets a scalar field (not the état: see `setActionState`), refusing values off its list. */
export function setActionField(doc: Y.Doc, actionId: string, field: ScalarField, value: string | null): void {
  if (!isValidActionScalar(field, value))
    throw new ActionRuleError('invalid-value', `${field}: ${JSON.stringify(value)} is not allowed`)
  actionMap(doc, actionId).set(field, value)
}

/** Moves an action to another état; réalisée needs its bilan first (C1). */
export function setActionState(doc: Y.Doc, actionId: string, etat: ActionState): void {
  if (!isValidActionScalar('etat', etat))
    throw new ActionRuleError('invalid-value', `état ${JSON.stringify(etat)} is not allowed`)
  const action = actionMap(doc, actionId)
  if (etat === 'realisee' && !hasBilan(readActionMap(action)))
    throw new ActionRuleError('bilan-required', 'an action is réalisée only with its bilan filled')
  action.set('etat', etat)
}

/** Adds or removes a member of one of the action's sets (links, reform measures, indicators). */
export function setActionMember(
  doc: Y.Doc,
  actionId: string,
  field: ActionSetField,
  key: string,
  present: boolean,
): void {
  const set = actionMap(doc, actionId).get(field) as Y.Map<true>
  if (present) set.set(key, true)
  else set.delete(key)
}

/** The closing review is there: whether it worked, and the evidence. */
export function hasBilan(action: Pick<ActionView, 'efficacite' | 'bilan'>): boolean {
  return action.efficacite !== null && action.bilan.trim().length > 0
}

const textOf = (action: Y.Map<unknown>, field: string) => {
  const value = action.get(field)
  return value instanceof Y.Text ? value.toJSON() : ''
}
const keysOf = (action: Y.Map<unknown>, field: string) => {
  const value = action.get(field)
  return value instanceof Y.Map ? [...value.keys()].sort() : []
}
const scalarOf = <T>(action: Y.Map<unknown>, field: string, fallback: T): T => {
  const value = action.get(field)
  return isValidActionScalar(field, value) ? (value as T) : fallback
}

function readActionMap(action: Y.Map<unknown>): ActionView {
  return {
    id: String(action.get('id')),
    createdAt: scalarOf(action, 'createdAt', ''),
    title: textOf(action, 'title'),
    description: textOf(action, 'description'),
    objective: textOf(action, 'objective'),
    acteurs: textOf(action, 'acteurs'),
    moyens: textOf(action, 'moyens'),
    cible: textOf(action, 'cible'),
    bilan: textOf(action, 'bilan'),
    pilote: scalarOf(action, 'pilote', null),
    echeance: scalarOf(action, 'echeance', null),
    etat: scalarOf(action, 'etat', 'a-lancer'),
    pdca: scalarOf(action, 'pdca', null),
    efficacite: scalarOf(action, 'efficacite', null),
    links: keysOf(action, 'links'),
    measures: keysOf(action, 'measures'),
    indicators: keysOf(action, 'indicators'),
  }
}

/** Every action, oldest first. */
export function readActions(doc: Y.Doc): ActionView[] {
  return [...actionsMap(doc).values()]
    .filter((action) => action instanceof Y.Map)
    .map(readActionMap)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

export function readAction(doc: Y.Doc, actionId: string): ActionView | undefined {
  const action = actionsMap(doc).get(actionId)
  return action instanceof Y.Map ? readActionMap(action) : undefined
}

/** The actions linked to a grid item (a criterion or a descriptor) of a framework. */
export function actionsLinkedTo(actions: ActionView[], frameworkId: string, itemId: string): ActionView[] {
  const key = linkKey(frameworkId, itemId)
  return actions.filter((action) => action.links.includes(key))
}

export type Urgency = 'overdue' | 'due-soon' | null

/**
 * Late actions and those due within DUE_SOON_DAYS (C3). Finished or dropped actions are never
 * late. `today` is a YYYY-MM-DD date in the school's time zone.
 */
export function urgencyOf(action: Pick<ActionView, 'echeance' | 'etat'>, today: string): Urgency {
  if (action.echeance === null || action.etat === 'realisee' || action.etat === 'abandonnee') return null
  if (action.echeance < today) return 'overdue'
  const soon = new Date(`${today}T00:00:00Z`)
  soon.setUTCDate(soon.getUTCDate() + DUE_SOON_DAYS)
  return action.echeance <= soon.toISOString().slice(0, 10) ? 'due-soon' : null
}

/** Today's date, YYYY-MM-DD, on the local clock (the browser's, or the server's). */
export function localIsoDate(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** One repair the server made to a client's transaction, for its log. */
export interface ActionRepair {
  actionId: string
  field: string
  reason: 'invalid-value' | 'bilan-required' | 'malformed'
}

/**
 * Repairs what a client's transaction did to the actions it touched, so the document never holds
 * an action breaking the plan's rules, whatever the client sent (the server runs this; clients
 * check the same rules first through the setters above):
 * - a scalar field set to a value off its list goes back to its previous value (or the default);
 * - a réalisée action without its bilan goes back to its previous état — or to « en cours » when
 *   the bilan was emptied afterwards;
 * - a new action missing nested types gets them, so later edits have somewhere to go.
 *
 * `previous` holds, per touched action, the old values of the scalar keys the transaction changed.
 */
export function repairActions(doc: Y.Doc, previous: Map<string, Map<string, unknown>>): ActionRepair[] {
  const repairs: ActionRepair[] = []
  for (const [actionId, oldValues] of previous) {
    const action: unknown = actionsMap(doc).get(actionId)
    if (!(action instanceof Y.Map)) {
      // Something that is not an action where an action belongs: remove it.
      if (action !== undefined) {
        actionsMap(doc).delete(actionId)
        repairs.push({ actionId, field: 'action', reason: 'malformed' })
      }
      continue
    }
    for (const field of ACTION_TEXT_FIELDS) {
      if (!(action.get(field) instanceof Y.Text)) {
        action.set(field, new Y.Text())
        repairs.push({ actionId, field, reason: 'malformed' })
      }
    }
    for (const field of ACTION_SET_FIELDS) {
      if (!(action.get(field) instanceof Y.Map)) {
        action.set(field, new Y.Map<true>())
        repairs.push({ actionId, field, reason: 'malformed' })
      }
    }
    if (action.get('id') !== actionId) {
      action.set('id', actionId)
      repairs.push({ actionId, field: 'id', reason: 'malformed' })
    }
    const defaults: Record<string, unknown> = {
      createdAt: new Date(0).toISOString(),
      pilote: null,
      echeance: null,
      etat: 'a-lancer',
      pdca: null,
      efficacite: null,
    }
    for (const [field, fallback] of Object.entries(defaults)) {
      if (isValidActionScalar(field, action.get(field))) continue
      const old = oldValues.get(field)
      action.set(field, isValidActionScalar(field, old) ? old : fallback)
      repairs.push({ actionId, field, reason: 'invalid-value' })
    }
    if (action.get('etat') === 'realisee' && !hasBilan(readActionMap(action))) {
      const old = oldValues.get('etat')
      action.set(
        'etat',
        oldValues.has('etat') && isValidActionScalar('etat', old) && old !== 'realisee' ? old : 'en-cours',
      )
      repairs.push({ actionId, field: 'etat', reason: 'bilan-required' })
    }
  }
  return repairs
}

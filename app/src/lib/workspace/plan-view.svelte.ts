/**
 * Reactive readers over a school year's action plan and indicators, for components: they re-read
 * the document when something inside `actions` or `indicators` changes, and every write goes
 * through the shared accessors (the only code that knows the schema).
 */
import { createSubscriber } from 'svelte/reactivity'
import type * as Y from 'yjs'
import {
  actionText,
  createAction,
  readActions,
  removeAction,
  setActionField,
  setActionMember,
  setActionState,
  type ActionSetField,
  type ActionState,
  type ActionTextField,
  type ActionView,
  type NewAction,
} from '@rouages/shared/workspace/actions'
import { attributionOf } from '@rouages/shared/workspace/attribution'
import {
  IndicatorRuleError,
  addMeasurement,
  createIndicator,
  indicatorDefinition,
  isValidMeasurement,
  readIndicators,
  removeIndicator,
  removeMeasurement,
  setIndicatorField,
  setIndicatorLink,
  type IndicatorScalarField,
  type IndicatorView,
  type Measurement,
  type NewIndicator,
} from '@rouages/shared/workspace/indicators'
import type { Attribution } from '@rouages/shared/workspace/schema'
import { YTextView } from '#lib/collab/y-text.svelte.ts'

function observingDeep(type: Y.Map<unknown>): () => void {
  return createSubscriber((update) => {
    const onChange = () => update()
    type.observeDeep(onChange)
    return () => type.unobserveDeep(onChange)
  })
}

/** Reads `read()` again only after the observed type changed (many components read per frame). */
function cachedReader<T>(type: Y.Map<unknown>, read: () => T): () => T {
  const subscribe = observingDeep(type)
  let version = 0
  let cachedVersion = -1
  let cached: T | undefined
  type.observeDeep(() => (version += 1))
  return () => {
    subscribe()
    if (cachedVersion !== version || cached === undefined) {
      cached = read()
      cachedVersion = version
    }
    return cached
  }
}

export class PlanView {
  readonly doc: Y.Doc
  readonly #actions: () => ActionView[]
  readonly #indicators: () => IndicatorView[]
  readonly #subscribeAttributions: () => void
  // A cache of views, not state: each view is reactive itself.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of views, not state
  readonly #texts = new Map<string, { source: Y.Text; view: YTextView }>()

  constructor(doc: Y.Doc) {
    this.doc = doc
    this.#actions = cachedReader(doc.getMap('actions'), () => readActions(doc))
    this.#indicators = cachedReader(doc.getMap('indicators'), () => readIndicators(doc))
    this.#subscribeAttributions = observingDeep(doc.getMap('attributions'))
  }

  /** Every action, oldest first. */
  get actions(): ActionView[] {
    return this.#actions()
  }

  action(actionId: string): ActionView | undefined {
    return this.actions.find((action) => action.id === actionId)
  }

  /** Every indicator, oldest first. */
  get indicators(): IndicatorView[] {
    return this.#indicators()
  }

  indicator(indicatorId: string): IndicatorView | undefined {
    return this.indicators.find((indicator) => indicator.id === indicatorId)
  }

  /** Who changed a field last, as the server recorded it. */
  attribution(key: string): Attribution | undefined {
    this.#subscribeAttributions()
    return attributionOf(this.doc, key)
  }

  actionText(actionId: string, field: ActionTextField): YTextView {
    return this.#text(`action:${actionId}:${field}`, () => actionText(this.doc, actionId, field))
  }

  indicatorDefinition(indicatorId: string): YTextView {
    return this.#text(`indicator:${indicatorId}:definition`, () => indicatorDefinition(this.doc, indicatorId))
  }

  createAction(init: NewAction): string {
    return createAction(this.doc, init)
  }

  removeAction(actionId: string): void {
    removeAction(this.doc, actionId)
  }

  setActionField(
    actionId: string,
    field: 'pilote' | 'echeance' | 'pdca' | 'efficacite',
    value: string | null,
  ): void {
    setActionField(this.doc, actionId, field, value)
  }

  /** Throws ActionRuleError('bilan-required') for réalisée without bilan: say so to the person. */
  setActionState(actionId: string, etat: ActionState): void {
    setActionState(this.doc, actionId, etat)
  }

  setActionMember(actionId: string, field: ActionSetField, key: string, present: boolean): void {
    setActionMember(this.doc, actionId, field, key, present)
  }

  createIndicator(init: NewIndicator): string {
    return createIndicator(this.doc, init)
  }

  removeIndicator(indicatorId: string): void {
    removeIndicator(this.doc, indicatorId)
  }

  setIndicatorField(indicatorId: string, field: IndicatorScalarField, value: string | number | null): void {
    setIndicatorField(this.doc, indicatorId, field, value)
  }

  setIndicatorLink(indicatorId: string, key: string, present: boolean): void {
    setIndicatorLink(this.doc, indicatorId, key, present)
  }

  addMeasurement(indicatorId: string, measurement: Omit<Measurement, 'id'>): string {
    return addMeasurement(this.doc, indicatorId, measurement)
  }

  removeMeasurement(indicatorId: string, measurementId: string): void {
    removeMeasurement(this.doc, indicatorId, measurementId)
  }

  /**
   * One view per shared text, made again when the text itself is another one: undoing the removal
   * of an action brings it back with new Y.Texts, and a view of the old ones would write nowhere.
   */
  #text(key: string, find: () => Y.Text): YTextView {
    const source = find()
    const cached = this.#texts.get(key)
    if (cached?.source === source) return cached.view
    const view = new YTextView(source)
    this.#texts.set(key, { source, view })
    return view
  }

  /**
   * Records measured values (typed in, or a whole CSV import) in one transaction, so one undo takes
   * them all back. An indicator keeps one value per period: a value for a period it already has
   * replaces the old one, so importing a corrected file again never doubles the values. Checks
   * every row first and writes nothing if one is wrong (a transaction cannot be rolled back).
   */
  recordMeasurements(rows: ReadonlyArray<Omit<Measurement, 'id'> & { indicatorId: string }>): {
    added: number
    replaced: number
  } {
    // The values the rows replace, read before writing (the readers refresh after the transaction).
    const replacing: Array<{ indicatorId: string; measurementId: string }> = []
    let replaced = 0
    const periods: Record<string, true> = {}
    for (const row of rows) {
      const indicator = this.indicator(row.indicatorId)
      if (!indicator) throw new IndicatorRuleError(`indicator ${row.indicatorId} not found`)
      if (!isValidMeasurement(row))
        throw new IndicatorRuleError(`measurement ${JSON.stringify(row)} is not valid`)
      const key = `${row.indicatorId} ${row.period}`
      if (periods[key]) throw new IndicatorRuleError(`two values of ${row.indicatorId} for ${row.period}`)
      periods[key] = true
      const old = indicator.measurements.filter((measurement) => measurement.period === row.period)
      if (old.length > 0) replaced += 1
      for (const { id } of old) replacing.push({ indicatorId: row.indicatorId, measurementId: id })
    }
    this.doc.transact(() => {
      for (const { indicatorId, measurementId } of replacing)
        removeMeasurement(this.doc, indicatorId, measurementId)
      for (const { indicatorId, value, period, comment } of rows)
        addMeasurement(this.doc, indicatorId, { value, period, comment })
    })
    return { added: rows.length - replaced, replaced }
  }
}

const views = new WeakMap<Y.Doc, PlanView>()

/** The one PlanView of a document, shared by the plan page and the grid's linked actions. */
export function planViewFor(doc: Y.Doc): PlanView {
  let view = views.get(doc)
  if (!view) {
    view = new PlanView(doc)
    views.set(doc, view)
  }
  return view
}

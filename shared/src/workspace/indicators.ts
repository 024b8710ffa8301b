import * as Y from 'yjs'
import type { CatalogueIndicator, Direction, Periodicity } from '../indicators/catalogue.ts'
import { isIsoDate } from './actions.ts'
import { newId } from './ids.ts'

/**
 * The indicators (D1) of a school year: `indicators` in the workspace document.
 *
 * indicator Y.Map { id, createdAt, catalogueId (| null), name, source, unit, periodicity,
 *                   direction, baseline (number | null), cible (number | null),
 *                   definition (Y.Text),
 *                   links        Y.Map "<frameworkId>/<criterionId>" → true,
 *                   measurements Y.Map measurementId → { value, period, comment } }
 *
 * The link to actions is kept on the action (`indicators`), in one place only. A measurement is
 * one plain value replaced whole, so a value and its period never mix two people's edits.
 */
export const PERIODICITIES: readonly Periodicity[] = [
  'annuelle',
  'semestrielle',
  'trimestrielle',
  'mensuelle',
  'ponctuelle',
]
export const DIRECTIONS: readonly Direction[] = ['hausse', 'baisse']

export interface Measurement {
  id: string
  value: number
  /** A date (YYYY-MM-DD) or a school year (YYYY-YYYY). */
  period: string
  comment: string
}

export interface IndicatorView {
  id: string
  createdAt: string
  catalogueId: string | null
  name: string
  definition: string
  source: string
  unit: string
  periodicity: Periodicity
  direction: Direction
  baseline: number | null
  cible: number | null
  links: string[]
  /** Oldest period first. */
  measurements: Measurement[]
}

const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/

/** A period is a real date or a school year of two consecutive years. */
export function isPeriod(value: unknown): value is string {
  if (isIsoDate(value)) return true
  const match = typeof value === 'string' ? SCHOOL_YEAR.exec(value) : null
  return match !== null && Number(match[2]) === Number(match[1]) + 1
}

/** Sort key of a period: a school year counts from its 1 September. */
export const periodSortKey = (period: string) =>
  SCHOOL_YEAR.test(period) ? `${period.slice(0, 4)}-09-01` : period

const isNumberOrNull = (value: unknown) =>
  value === null || (typeof value === 'number' && Number.isFinite(value))
const isShortString = (max: number) => (value: unknown) => typeof value === 'string' && value.length <= max

const SCALAR_RULES: Record<string, (value: unknown) => boolean> = {
  id: (value) => typeof value === 'string' && value.length > 0,
  createdAt: (value) => typeof value === 'string' && value.length > 0,
  catalogueId: (value) => value === null || isShortString(80)(value),
  name: (value) => typeof value === 'string' && value.trim().length > 0 && value.length <= 200,
  source: isShortString(300),
  unit: isShortString(40),
  periodicity: (value) => (PERIODICITIES as readonly unknown[]).includes(value),
  direction: (value) => (DIRECTIONS as readonly unknown[]).includes(value),
  baseline: isNumberOrNull,
  cible: isNumberOrNull,
}

export const isValidIndicatorScalar = (field: string, value: unknown): boolean =>
  SCALAR_RULES[field]?.(value) ?? false

export function isValidMeasurement(value: unknown): value is Omit<Measurement, 'id'> {
  if (typeof value !== 'object' || value === null) return false
  const { value: number, period, comment } = value as Record<string, unknown>
  return (
    typeof number === 'number' &&
    Number.isFinite(number) &&
    isPeriod(period) &&
    typeof comment === 'string' &&
    comment.length <= 1000
  )
}

export class IndicatorRuleError extends Error {}

const indicatorsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('indicators')

function indicatorMap(doc: Y.Doc, indicatorId: string): Y.Map<unknown> {
  const indicator = indicatorsMap(doc).get(indicatorId)
  if (!(indicator instanceof Y.Map)) throw new IndicatorRuleError(`indicator ${indicatorId} not found`)
  return indicator
}

export type NewIndicator = Pick<IndicatorView, 'name' | 'source' | 'unit' | 'periodicity' | 'direction'> &
  Partial<Pick<IndicatorView, 'definition' | 'baseline' | 'cible' | 'catalogueId' | 'links'>>

/** An indicator of the catalogue, ready to add. */
export const fromCatalogue = (entry: CatalogueIndicator): NewIndicator => ({
  catalogueId: entry.id,
  name: entry.name,
  definition: entry.definition,
  source: entry.source,
  unit: entry.unit,
  periodicity: entry.periodicity,
  direction: entry.direction,
})

/** Adds an indicator with its nested types, in one transaction; returns its id. */
export function createIndicator(doc: Y.Doc, init: NewIndicator, now = new Date()): string {
  const scalars: Record<string, unknown> = {
    catalogueId: init.catalogueId ?? null,
    name: init.name.trim(),
    source: init.source.trim(),
    unit: init.unit.trim(),
    periodicity: init.periodicity,
    direction: init.direction,
    baseline: init.baseline ?? null,
    cible: init.cible ?? null,
  }
  for (const [field, value] of Object.entries(scalars))
    if (!isValidIndicatorScalar(field, value))
      throw new IndicatorRuleError(`${field}: ${JSON.stringify(value)} is not allowed`)
  const id = newId()
  doc.transact(() => {
    const indicator = new Y.Map<unknown>()
    indicatorsMap(doc).set(id, indicator)
    indicator.set('id', id)
    indicator.set('createdAt', now.toISOString())
    for (const [field, value] of Object.entries(scalars)) indicator.set(field, value)
    const definition = new Y.Text()
    indicator.set('definition', definition)
    definition.insert(0, init.definition?.trim() ?? '')
    const links = new Y.Map<true>()
    indicator.set('links', links)
    for (const key of init.links ?? []) links.set(key, true)
    indicator.set('measurements', new Y.Map<unknown>())
  })
  return id
}

export function removeIndicator(doc: Y.Doc, indicatorId: string): void {
  indicatorsMap(doc).delete(indicatorId)
}

export type IndicatorScalarField =
  'name' | 'source' | 'unit' | 'periodicity' | 'direction' | 'baseline' | 'cible'

export function setIndicatorField(
  doc: Y.Doc,
  indicatorId: string,
  field: IndicatorScalarField,
  value: string | number | null,
): void {
  const written = typeof value === 'string' ? value.trim() : value
  if (!isValidIndicatorScalar(field, written))
    throw new IndicatorRuleError(`${field}: ${JSON.stringify(value)} is not allowed`)
  indicatorMap(doc, indicatorId).set(field, written)
}

export function indicatorDefinition(doc: Y.Doc, indicatorId: string): Y.Text {
  return indicatorMap(doc, indicatorId).get('definition') as Y.Text
}

export function setIndicatorLink(doc: Y.Doc, indicatorId: string, key: string, present: boolean): void {
  const links = indicatorMap(doc, indicatorId).get('links') as Y.Map<true>
  if (present) links.set(key, true)
  else links.delete(key)
}

/** Records a measured value; returns its id. */
export function addMeasurement(
  doc: Y.Doc,
  indicatorId: string,
  measurement: Omit<Measurement, 'id'>,
): string {
  if (!isValidMeasurement(measurement))
    throw new IndicatorRuleError(`measurement ${JSON.stringify(measurement)} is not valid`)
  const id = newId()
  ;(indicatorMap(doc, indicatorId).get('measurements') as Y.Map<unknown>).set(id, {
    value: measurement.value,
    period: measurement.period,
    comment: measurement.comment.trim(),
  })
  return id
}

export function removeMeasurement(doc: Y.Doc, indicatorId: string, measurementId: string): void {
  ;(indicatorMap(doc, indicatorId).get('measurements') as Y.Map<unknown>).delete(measurementId)
}

function readIndicatorMap(indicator: Y.Map<unknown>): IndicatorView {
  const scalar = <T>(field: string, fallback: T): T => {
    const value = indicator.get(field)
    return isValidIndicatorScalar(field, value) ? (value as T) : fallback
  }
  const definition = indicator.get('definition')
  const links = indicator.get('links')
  const measurements = indicator.get('measurements')
  return {
    id: String(indicator.get('id')),
    createdAt: scalar('createdAt', ''),
    catalogueId: scalar('catalogueId', null),
    name: scalar('name', 'Indicateur'),
    definition: definition instanceof Y.Text ? definition.toJSON() : '',
    source: scalar('source', ''),
    unit: scalar('unit', ''),
    periodicity: scalar('periodicity', 'annuelle'),
    direction: scalar('direction', 'hausse'),
    baseline: scalar('baseline', null),
    cible: scalar('cible', null),
    links: links instanceof Y.Map ? [...links.keys()].sort() : [],
    measurements:
      measurements instanceof Y.Map
        ? [...measurements.entries()]
            .filter(([, value]) => isValidMeasurement(value))
            .map(([id, value]) => ({ id, ...(value as Omit<Measurement, 'id'>) }))
            .sort(
              (a, b) =>
                periodSortKey(a.period).localeCompare(periodSortKey(b.period)) || a.id.localeCompare(b.id),
            )
        : [],
  }
}

/** Every indicator, oldest first. */
export function readIndicators(doc: Y.Doc): IndicatorView[] {
  return [...indicatorsMap(doc).values()]
    .filter((indicator) => indicator instanceof Y.Map)
    .map(readIndicatorMap)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/** The latest measurement, if any. */
export const latestMeasurement = (indicator: IndicatorView): Measurement | undefined =>
  indicator.measurements.at(-1)

export type Trend = 'reached' | 'improving' | 'worsening' | 'steady' | 'unknown'

/**
 * Where the indicator stands against its cible (D2): reached when the latest value is at or beyond
 * the cible in the better direction; otherwise improving / worsening / steady compared with the
 * measurement before it (or with the baseline).
 */
export function trendOf(indicator: IndicatorView): Trend {
  const latest = latestMeasurement(indicator)
  if (!latest) return 'unknown'
  const better = (a: number, b: number) => (indicator.direction === 'hausse' ? a > b : a < b)
  if (indicator.cible !== null && (latest.value === indicator.cible || better(latest.value, indicator.cible)))
    return 'reached'
  const before = indicator.measurements.at(-2)?.value ?? indicator.baseline
  if (before === null || before === undefined) return 'unknown'
  if (latest.value === before) return 'steady'
  return better(latest.value, before) ? 'improving' : 'worsening'
}

/**
 * Repairs what a client's transaction did to the indicators it touched (server side, like
 * `repairActions`): scalar fields off their rules go back to their old value or a default,
 * malformed measurements are removed, missing nested types are created. Returns the repaired
 * fields.
 */
export function repairIndicators(doc: Y.Doc, previous: Map<string, Map<string, unknown>>): string[] {
  const repaired: string[] = []
  for (const [indicatorId, oldValues] of previous) {
    const indicator: unknown = indicatorsMap(doc).get(indicatorId)
    if (!(indicator instanceof Y.Map)) {
      if (indicator !== undefined) {
        indicatorsMap(doc).delete(indicatorId)
        repaired.push(`${indicatorId}`)
      }
      continue
    }
    const defaults: Record<string, unknown> = {
      id: indicatorId,
      createdAt: new Date(0).toISOString(),
      catalogueId: null,
      name: 'Indicateur',
      source: '',
      unit: '',
      periodicity: 'annuelle',
      direction: 'hausse',
      baseline: null,
      cible: null,
    }
    for (const [field, fallback] of Object.entries(defaults)) {
      if (
        isValidIndicatorScalar(field, indicator.get(field)) &&
        (field !== 'id' || indicator.get(field) === indicatorId)
      )
        continue
      const old = oldValues.get(field)
      indicator.set(field, field !== 'id' && isValidIndicatorScalar(field, old) ? old : fallback)
      repaired.push(`${indicatorId}.${field}`)
    }
    if (!(indicator.get('definition') instanceof Y.Text)) {
      indicator.set('definition', new Y.Text())
      repaired.push(`${indicatorId}.definition`)
    }
    if (!(indicator.get('links') instanceof Y.Map)) {
      indicator.set('links', new Y.Map<true>())
      repaired.push(`${indicatorId}.links`)
    }
    const measurements: unknown = indicator.get('measurements')
    if (!(measurements instanceof Y.Map)) {
      indicator.set('measurements', new Y.Map<unknown>())
      repaired.push(`${indicatorId}.measurements`)
      continue
    }
    for (const [id, value] of [...(measurements as Y.Map<unknown>).entries()]) {
      if (isValidMeasurement(value)) continue
      ;(measurements as Y.Map<unknown>).delete(id)
      repaired.push(`${indicatorId}.measurements.${id}`)
    }
  }
  return repaired
}

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { INDICATOR_CATALOGUE, catalogueIndicator } from '../indicators/catalogue.ts'
import {
  IndicatorRuleError,
  addMeasurement,
  createIndicator,
  fromCatalogue,
  isPeriod,
  readIndicators,
  removeMeasurement,
  repairIndicators,
  setIndicatorField,
  setIndicatorLink,
  trendOf,
  type IndicatorView,
} from './indicators.ts'
import { touchedItems } from './touched.ts'

describe('indicators', () => {
  it('ship a catalogue covering DOMAIN.md’s list, with unique ids', () => {
    const names = INDICATOR_CATALOGUE.map((indicator) => indicator.name).join(' | ')
    for (const expected of [
      'poursuite d’études',
      'interruption',
      'emploi à 6 mois',
      'emploi à 24 mois',
      'Valeur ajoutée',
      'CAP',
      'bac pro',
      'BTS',
      'absentéisme',
      'décrocheurs',
      'PFMP',
      'Erasmus+',
      'culturelles',
      'Apprentis',
      'Attractivité',
    ])
      expect(names).toContain(expected)
    expect(new Set(INDICATOR_CATALOGUE.map((indicator) => indicator.id)).size).toBe(
      INDICATOR_CATALOGUE.length,
    )
  })

  it('are added from the catalogue, measured, and read back in period order', () => {
    const doc = new Y.Doc()
    const entry = catalogueIndicator('reussite-bac-pro')
    if (!entry) throw new Error('catalogue entry missing')
    const id = createIndicator(doc, { ...fromCatalogue(entry), baseline: 78, cible: 85 })
    setIndicatorLink(doc, id, 'ldm/c2', true)
    addMeasurement(doc, id, { value: 84.5, period: '2025-2026', comment: 'session de juin' })
    addMeasurement(doc, id, { value: 81, period: '2024-2025', comment: '' })
    const [indicator] = readIndicators(doc)
    expect(indicator).toMatchObject({
      name: 'Taux de réussite au bac pro',
      unit: '%',
      direction: 'hausse',
      baseline: 78,
      cible: 85,
      catalogueId: 'reussite-bac-pro',
      links: ['ldm/c2'],
    })
    expect(indicator?.measurements.map((m) => [m.period, m.value])).toEqual([
      ['2024-2025', 81],
      ['2025-2026', 84.5],
    ])
    const latest = indicator?.measurements[1]
    if (latest) removeMeasurement(doc, id, latest.id)
    expect(readIndicators(doc)[0]?.measurements).toHaveLength(1)
  })

  it('refuse malformed values', () => {
    const doc = new Y.Doc()
    const id = createIndicator(doc, {
      name: 'PFMP',
      source: '',
      unit: '',
      periodicity: 'annuelle',
      direction: 'hausse',
    })
    expect(() => setIndicatorField(doc, id, 'cible', Number.NaN)).toThrow(IndicatorRuleError)
    expect(() => setIndicatorField(doc, id, 'name', '   ')).toThrow(IndicatorRuleError)
    expect(() => addMeasurement(doc, id, { value: 3, period: '2025-2027', comment: '' })).toThrow(
      IndicatorRuleError,
    )
    expect(() => addMeasurement(doc, id, { value: 3, period: '2026-13-01', comment: '' })).toThrow(
      IndicatorRuleError,
    )
    expect(isPeriod('2026-03-31')).toBe(true)
    expect(isPeriod('2025-2026')).toBe(true)
  })

  it('say where they stand against their cible, in the better direction', () => {
    const base: IndicatorView = {
      id: 'i',
      createdAt: '',
      catalogueId: null,
      name: 'x',
      definition: '',
      source: '',
      unit: '%',
      periodicity: 'annuelle',
      direction: 'hausse',
      baseline: 70,
      cible: 80,
      links: [],
      measurements: [],
    }
    const measured = (...values: number[]): IndicatorView => ({
      ...base,
      measurements: values.map((value, i) => ({
        id: `${i}`,
        value,
        period: `${2020 + i}-${2021 + i}`,
        comment: '',
      })),
    })
    expect(trendOf(base)).toBe('unknown')
    expect(trendOf(measured(75))).toBe('improving')
    expect(trendOf(measured(75, 72))).toBe('worsening')
    expect(trendOf(measured(75, 75))).toBe('steady')
    expect(trendOf(measured(75, 80))).toBe('reached')
    const absenteeism = { ...measured(12, 9), direction: 'baisse' as const, baseline: 12, cible: 8 }
    expect(trendOf(absenteeism)).toBe('improving')
    expect(trendOf({ ...absenteeism, cible: 10 })).toBe('reached')
  })

  it('are repaired by the server when a client writes what the rules refuse', () => {
    const server = new Y.Doc()
    const root = server.getMap<unknown>('indicators')
    root.observeDeep((events, transaction) => {
      if (transaction.origin === 'client')
        server.transact(() => repairIndicators(server, touchedItems(root, events)))
    })
    const client = new Y.Doc()
    const id = createIndicator(client, {
      name: 'Absentéisme',
      source: 'Vie scolaire',
      unit: '%',
      periodicity: 'mensuelle',
      direction: 'baisse',
      cible: 8,
    })
    const sync = () =>
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client')
    sync()
    const raw = client.getMap<Y.Map<unknown>>('indicators').get(id)
    client.transact(() => {
      raw?.set('cible', 'huit')
      ;(raw?.get('measurements') as Y.Map<unknown>).set('bad', { value: 'NaN', period: 'hier', comment: '' })
      ;(raw?.get('measurements') as Y.Map<unknown>).set('good', {
        value: 9.5,
        period: '2026-01-31',
        comment: '',
      })
    })
    sync()
    const [indicator] = readIndicators(server)
    expect(indicator?.cible).toBe(8)
    expect(indicator?.measurements.map((m) => m.id)).toEqual(['good'])
    expect(
      (server.getMap<Y.Map<unknown>>('indicators').get(id)?.get('measurements') as Y.Map<unknown>).has('bad'),
    ).toBe(false)
  })
})

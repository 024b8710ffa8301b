import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE } from '../frameworks/scales.ts'
import { actionText, createAction, setActionField, setActionState } from './actions.ts'
import { dashboardFigures } from './dashboard.ts'
import { addDescriptor, setLevel } from './grid.ts'
import { addMeasurement, createIndicator } from './indicators.ts'
import { initWorkspace } from './init.ts'

const FW = LYCEE_DES_METIERS.id

/** A year with a known data set: levels on criteria 1 and 4, five actions, two indicators. */
function knownYear(): Y.Doc {
  const doc = new Y.Doc()
  initWorkspace(doc, {
    etablissementId: 'abcdefghijklmnop',
    schoolYear: '2025-2026',
    frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
    now: new Date('2025-09-15T08:00:00Z'),
  })
  const c1 = ['consolide', 'atteint', null].map((level, i) => {
    const id = addDescriptor(doc, FW, 'ldm-1', `Descripteur 1.${i + 1}`)
    if (level) setLevel(doc, FW, id, level)
    return id
  })
  expect(c1).toHaveLength(3)
  for (const level of ['a-initier', 'en-cours', 'en-cours', 'atteint']) {
    setLevel(doc, FW, addDescriptor(doc, FW, 'ldm-4', 'Partenariat'), level)
  }
  const late = createAction(doc, { title: 'En retard', echeance: '2026-03-01' })
  setActionState(doc, late, 'en-cours')
  createAction(doc, { title: 'Bientôt', echeance: '2026-03-20' })
  createAction(doc, { title: 'Plus tard', echeance: '2026-06-30' })
  const done = createAction(doc, { title: 'Faite, en retard mais réalisée', echeance: '2026-01-10' })
  setActionField(doc, done, 'efficacite', 'oui')
  actionText(doc, done, 'bilan').insert(0, 'Fait')
  setActionState(doc, done, 'realisee')
  const dropped = createAction(doc, { title: 'Abandonnée', echeance: '2026-02-01' })
  setActionState(doc, dropped, 'abandonnee')
  const success = createIndicator(
    doc,
    {
      name: 'Réussite bac pro',
      source: '',
      unit: '%',
      periodicity: 'annuelle',
      direction: 'hausse',
      baseline: 78,
      cible: 85,
    },
    new Date('2025-10-01T08:00:00Z'),
  )
  addMeasurement(doc, success, { value: 81, period: '2024-2025', comment: '' })
  addMeasurement(doc, success, { value: 86, period: '2025-2026', comment: '' })
  const absences = createIndicator(
    doc,
    {
      name: 'Absentéisme',
      source: '',
      unit: '%',
      periodicity: 'mensuelle',
      direction: 'baisse',
      cible: 8,
    },
    new Date('2025-10-02T08:00:00Z'),
  )
  addMeasurement(doc, absences, { value: 12, period: '2025-10-31', comment: '' })
  addMeasurement(doc, absences, { value: 13.5, period: '2025-11-30', comment: '' })
  return doc
}

describe('the tableau de bord', () => {
  it('gives figures equal to those computed by hand from a known year', () => {
    const figures = dashboardFigures(knownYear(), '2026-03-10')
    const [framework] = figures.frameworks
    expect(framework?.label).toBe(LYCEE_DES_METIERS.label)
    expect(framework?.levels.map((level) => level.id)).toEqual([
      'a-initier',
      'en-cours',
      'atteint',
      'consolide',
    ])
    const [c1, c2, , c4] = framework?.criteria ?? []
    // Criterion 1: consolidé (3) and atteint (2) → mean 2.5, one of three not positioned.
    expect(c1).toMatchObject({
      number: '1',
      positioned: 2,
      total: 3,
      mean: 2.5,
      counts: { 'a-initier': 0, 'en-cours': 0, atteint: 1, consolide: 1 },
    })
    expect(c2).toMatchObject({ positioned: 0, total: 0, mean: null })
    // Criterion 4: 0 + 1 + 1 + 2 = 4 over 4 descriptors → 1 (en cours).
    expect(c4).toMatchObject({
      positioned: 4,
      total: 4,
      mean: 1,
      counts: { 'a-initier': 1, 'en-cours': 2, atteint: 1 },
    })

    expect(figures.actionsByState).toEqual({
      'a-lancer': 2,
      'en-cours': 1,
      realisee: 1,
      reportee: 0,
      abandonnee: 1,
    })
    // Late: only the one still open; finished and dropped ones are never late.
    expect(figures.overdue.map((action) => action.title)).toEqual(['En retard'])
    expect(figures.dueSoon.map((action) => action.title)).toEqual(['Bientôt'])
    expect(
      figures.indicators.map(({ indicator, latest, trend }) => [indicator.name, latest?.value, trend]),
    ).toEqual([
      ['Réussite bac pro', 86, 'reached'],
      ['Absentéisme', 13.5, 'worsening'],
    ])
  })
})

import readXlsx from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  actionText,
  createAction,
  linkKey,
  readActions,
  setActionField,
  setActionState,
} from '../workspace/actions.ts'
import { addMeasurement, createIndicator, readIndicators } from '../workspace/indicators.ts'
import { toCsv, toXlsx } from './formats.ts'
import { actionsTable, indicatorsTable, measurementsTable, type ExportContext } from './tables.ts'

const context: ExportContext = {
  personName: (id) => ({ u1: 'Sophie Durand' })[id] ?? 'Ancien membre',
  linkLabel: (key) => ({ 'ldm/ldm-4': 'Critère 4 — Partenariats' })[key] ?? key,
  measureLabel: (id) => ({ 'bureau-des-entreprises': 'Mesure 9 — Bureau des entreprises' })[id] ?? id,
  today: '2026-03-10',
}

function plan(): Y.Doc {
  const doc = new Y.Doc()
  const a = createAction(
    doc,
    {
      title: 'Conventions ; avec le port',
      echeance: '2026-03-01',
      links: [linkKey('ldm', 'ldm-4')],
      pilote: 'u1',
    },
    new Date('2025-10-01T08:00:00Z'),
  )
  setActionState(doc, a, 'en-cours')
  actionText(doc, a, 'description').insert(0, 'Trois conventions,\nsignées en CA.')
  const b = createAction(doc, { title: 'Forum des métiers' }, new Date('2025-10-02T08:00:00Z'))
  setActionField(doc, b, 'efficacite', 'partiel')
  actionText(doc, b, 'bilan').insert(0, '120 élèves')
  setActionState(doc, b, 'realisee')
  const indicator = createIndicator(doc, {
    name: 'Réussite bac pro',
    source: 'Académie',
    unit: '%',
    periodicity: 'annuelle',
    direction: 'hausse',
    baseline: 78.5,
    cible: 85,
  })
  addMeasurement(doc, indicator, { value: 81.25, period: '2024-2025', comment: '' })
  addMeasurement(doc, indicator, { value: 84, period: '2026-01-31', comment: 'bac blanc' })
  return doc
}

describe('exports of the action plan and indicators', () => {
  it('write CSV for French spreadsheets: BOM, semicolons, French dates and decimals, quoted cells', () => {
    const doc = plan()
    const csv = toCsv(actionsTable(readActions(doc), context))
    expect(csv.startsWith('\uFEFFIntitulé;État;Échéance;Retard;Pilote;')).toBe(true)
    const [, first, second] = csv.split('\r\n')
    expect(first).toMatch(
      /^"Conventions ; avec le port";En cours;01\/03\/2026;En retard;Sophie Durand;;Critère 4 — Partenariats;/,
    )
    expect(csv).toContain('"Trois conventions,\nsignées en CA."')
    expect(second).toMatch(/^Forum des métiers;Réalisée;;;;.*;En partie;120 élèves$/)
    const values = toCsv(measurementsTable(readIndicators(doc)))
    expect(values.split('\r\n')).toEqual([
      '\uFEFFIndicateur;Période;Valeur;Commentaire',
      'Réussite bac pro;2024-2025;81,25;',
      'Réussite bac pro;31/01/2026;84;bac blanc',
      '',
    ])
  })

  it('write an XLSX workbook that a reader library opens with the expected rows, dates and numbers', async () => {
    const doc = plan()
    const blob = await toXlsx([
      actionsTable(readActions(doc), context),
      indicatorsTable(readIndicators(doc), context),
      measurementsTable(readIndicators(doc)),
    ])
    const sheets = await readXlsx(Buffer.from(await blob.arrayBuffer()))
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['Plan d’action', 'Indicateurs', 'Valeurs'])
    const [actions, indicators, values] = sheets.map((sheet) => sheet.data)
    expect(actions?.[0]?.slice(0, 5)).toEqual(['Intitulé', 'État', 'Échéance', 'Retard', 'Pilote'])
    expect(actions?.[1]?.slice(0, 5)).toEqual([
      'Conventions ; avec le port',
      'En cours',
      new Date('2026-03-01T00:00:00Z'),
      'En retard',
      'Sophie Durand',
    ])
    expect(actions?.[2]?.[0]).toBe('Forum des métiers')
    expect(actions).toHaveLength(3)
    expect(indicators?.[1]?.slice(0, 10)).toEqual([
      'Réussite bac pro',
      // Empty cells read back as null.
      null,
      'Académie',
      '%',
      'Annuelle',
      'Plus haut est mieux',
      78.5,
      85,
      84,
      new Date('2026-01-31T00:00:00Z'),
    ])
    expect(values?.slice(1)).toEqual([
      ['Réussite bac pro', '2024-2025', 81.25, null],
      ['Réussite bac pro', new Date('2026-01-31T00:00:00Z'), 84, 'bac blanc'],
    ])
  })
})

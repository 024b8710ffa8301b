import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE } from '../frameworks/scales.ts'
import { actionText, createAction, readActions, setActionField, setActionState } from './actions.ts'
import { carryOverWorkspace, previousYearOf } from './carry-over.ts'
import { addCrosswalkLink, crosswalkLinks } from './crosswalk.ts'
import { addDescriptor, entryText, readCriteria, readEntry, setLevel, synthesisText } from './grid.ts'
import { addMeasurement, createIndicator, readIndicators } from './indicators.ts'
import { initWorkspace } from './init.ts'
import { validateWorkspace } from './validate.ts'

const FW = LYCEE_DES_METIERS.id

describe('starting a year from last year’s bilan', () => {
  it('carries frameworks, descriptors, levels, open actions and indicators; leaves the source untouched', () => {
    const last = new Y.Doc()
    initWorkspace(last, {
      etablissementId: 'abcdefghijklmnop',
      schoolYear: '2025-2026',
      frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
      now: new Date('2025-09-15T08:00:00Z'),
    })
    const positioned = addDescriptor(last, FW, 'ldm-4', 'Conventions de partenariat')
    const blank = addDescriptor(last, FW, 'ldm-4', 'Référent entreprises')
    setLevel(last, FW, positioned, 'atteint')
    entryText(last, FW, positioned, 'constats').insert(0, '12 conventions')
    synthesisText(last, FW, 'ldm-4').insert(0, 'Bonne dynamique.')
    addCrosswalkLink(last, 'ldm-1', 'reforme-1')
    const open = createAction(last, { title: 'Forum des métiers', echeance: '2026-10-01', pilote: 'u1' })
    setActionState(last, open, 'reportee')
    actionText(last, open, 'moyens').insert(0, '2 HSE')
    const done = createAction(last, { title: 'Conventions PFMP' })
    setActionField(last, done, 'efficacite', 'oui')
    actionText(last, done, 'bilan').insert(0, 'Fait')
    setActionState(last, done, 'realisee')
    const dropped = createAction(last, { title: 'Voyage' })
    setActionState(last, dropped, 'abandonnee')
    const indicator = createIndicator(last, {
      name: 'Réussite bac pro',
      source: 'Académie',
      unit: '%',
      periodicity: 'annuelle',
      direction: 'hausse',
      cible: 85,
      links: ['lycee-des-metiers/ldm-2'],
    })
    addMeasurement(last, indicator, { value: 82.5, period: '2025-2026', comment: 'juin' })
    const before = Y.encodeStateAsUpdate(last)

    const next = new Y.Doc()
    carryOverWorkspace(last, next, {
      etablissementId: 'abcdefghijklmnop',
      schoolYear: '2026-2027',
      now: new Date('2026-09-01T08:00:00Z'),
      source: { schoolYear: '2025-2026', bilanId: 'bilan1234567890ab' },
    })

    expect(validateWorkspace(next)).toEqual([])
    expect(next.getMap('meta').get('schoolYear')).toBe('2026-2027')
    expect(previousYearOf(next)).toEqual({ schoolYear: '2025-2026', bilanId: 'bilan1234567890ab' })
    expect(readCriteria(next, FW)[3]?.descriptors.map((d) => [d.id, d.text])).toEqual([
      [positioned, 'Conventions de partenariat'],
      [blank, 'Référent entreprises'],
    ])
    // Levels are the starting position; the texts describe a year and start empty.
    expect(readEntry(next, FW, positioned)).toMatchObject({ level: 'atteint', constats: '' })
    expect(readEntry(next, FW, blank).level).toBeNull()
    expect(synthesisText(next, FW, 'ldm-4').toJSON()).toBe('')
    expect(crosswalkLinks(next)).toEqual(crosswalkLinks(last))
    expect(readActions(next)).toEqual(readActions(last).filter((action) => action.id === open))
    expect(readIndicators(next)).toEqual(readIndicators(last))
    // The source is only read.
    expect(Y.encodeStateAsUpdate(last)).toEqual(before)
  })
})

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE } from '../frameworks/scales.ts'
import {
  actionText,
  createAction,
  removeAction,
  setActionField,
  setActionState,
} from '../workspace/actions.ts'
import { addDescriptor, setLevel } from '../workspace/grid.ts'
import { addMeasurement, createIndicator } from '../workspace/indicators.ts'
import { initWorkspace } from '../workspace/init.ts'
import { workspaceSnapshot } from '../workspace/snapshot.ts'
import { compareVersions } from './compare.ts'

const FW = LYCEE_DES_METIERS.id

describe('comparing two versions of a year', () => {
  it('equals the hand-checked changes of levels, actions and indicators', () => {
    const doc = new Y.Doc()
    initWorkspace(doc, {
      etablissementId: 'abcdefghijklmnop',
      schoolYear: '2025-2026',
      frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
      now: new Date('2025-09-15T08:00:00Z'),
    })
    // Version 1 (December).
    const d1 = addDescriptor(doc, FW, 'ldm-1', 'Carte des formations')
    const d2 = addDescriptor(doc, FW, 'ldm-1', 'Passerelles entre voies')
    const d4 = addDescriptor(doc, FW, 'ldm-4', 'Conventions de partenariat')
    setLevel(doc, FW, d1, 'en-cours') // 1
    setLevel(doc, FW, d2, 'atteint') // 2
    setLevel(doc, FW, d4, 'atteint') // 2
    const kept = createAction(doc, { title: 'Forum des métiers', echeance: '2026-02-01' })
    const toFinish = createAction(doc, { title: 'Conventions PFMP' })
    const toDrop = createAction(doc, { title: 'Voyage à Berlin' })
    const toRemove = createAction(doc, { title: 'Doublon' })
    const success = createIndicator(
      doc,
      {
        name: 'Réussite bac pro',
        source: '',
        unit: '%',
        periodicity: 'annuelle',
        direction: 'hausse',
        cible: 85,
      },
      new Date('2025-10-01T08:00:00Z'),
    )
    addMeasurement(doc, success, { value: 80, period: '2024-2025', comment: '' })
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
    addMeasurement(doc, absences, { value: 9, period: '2025-11-30', comment: '' })
    const december = workspaceSnapshot(doc)

    // Version 2 (June).
    setLevel(doc, FW, d1, 'consolide') // 1 → 3: up
    setLevel(doc, FW, d2, 'en-cours') // 2 → 1: down
    const d3 = addDescriptor(doc, FW, 'ldm-1', 'Nouveau descripteur') // not positioned
    setLevel(doc, FW, d4, null) // 2 → none: removed
    setActionState(doc, kept, 'en-cours')
    setActionField(doc, toFinish, 'efficacite', 'oui')
    actionText(doc, toFinish, 'bilan').insert(0, 'Signées.')
    setActionState(doc, toFinish, 'realisee')
    setActionState(doc, toDrop, 'abandonnee')
    removeAction(doc, toRemove)
    const added = createAction(doc, { title: 'Semaine de l’Europe' })
    addMeasurement(doc, success, { value: 86, period: '2025-2026', comment: '' })
    addMeasurement(doc, absences, { value: 10.5, period: '2026-05-31', comment: '' })
    const june = workspaceSnapshot(doc)

    const comparison = compareVersions(december, june, '2026-06-20')
    const [framework] = comparison.frameworks
    const c1 = framework?.criteria[0]
    // Criterion 1: (1 + 2) / 2 = 1.5 → (3 + 1) / 2 = 2: up.
    expect(c1).toMatchObject({ number: '1', before: 1.5, after: 2, direction: 'up' })
    expect(c1?.descriptors.map((d) => [d.text, d.beforeLevel, d.afterLevel, d.direction])).toEqual([
      ['Carte des formations', 'en-cours', 'consolide', 'up'],
      ['Passerelles entre voies', 'atteint', 'en-cours', 'down'],
      ['Nouveau descripteur', null, null, 'not-positioned'],
    ])
    expect(d3).toBeTruthy()
    // Criterion 4: its only descriptor was un-positioned.
    expect(framework?.criteria[3]).toMatchObject({ before: 2, after: null, direction: 'removed' })
    expect(framework?.criteria[1]).toMatchObject({ before: null, after: null, direction: 'not-positioned' })

    const titles = (list: Array<{ title: string }>) => list.map((action) => action.title)
    expect(titles(comparison.actions.added)).toEqual(['Semaine de l’Europe'])
    expect(comparison.actions.added[0]?.id).toBe(added)
    expect(titles(comparison.actions.removed)).toEqual(['Doublon'])
    expect(titles(comparison.actions.completed)).toEqual(['Conventions PFMP'])
    expect(titles(comparison.actions.abandoned)).toEqual(['Voyage à Berlin'])
    expect(titles(comparison.actions.overdue)).toEqual(['Forum des métiers'])
    expect(comparison.actions.moved.map((m) => [m.action.title, m.from, m.to])).toEqual([
      ['Forum des métiers', 'a-lancer', 'en-cours'],
    ])

    expect(comparison.indicators).toEqual([
      {
        id: success,
        name: 'Réussite bac pro',
        unit: '%',
        cible: 85,
        before: 80,
        after: 86,
        delta: 6,
        better: true,
        reachedBefore: false,
        reachedAfter: true,
      },
      {
        id: absences,
        name: 'Absentéisme',
        unit: '%',
        cible: 8,
        before: 9,
        after: 10.5,
        delta: 1.5,
        better: false,
        reachedBefore: false,
        reachedAfter: false,
      },
    ])
  })

  it('shows a version against itself as unchanged', () => {
    const doc = new Y.Doc()
    initWorkspace(doc, {
      etablissementId: 'abcdefghijklmnop',
      schoolYear: '2025-2026',
      frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
      now: new Date('2025-09-15T08:00:00Z'),
    })
    setLevel(doc, FW, addDescriptor(doc, FW, 'ldm-2', 'Accueil'), 'atteint')
    const snapshot = workspaceSnapshot(doc)
    const comparison = compareVersions(snapshot, snapshot, '2026-01-01')
    expect(comparison.frameworks[0]?.criteria[1]).toMatchObject({ direction: 'same' })
    expect(comparison.actions).toEqual({
      added: [],
      removed: [],
      completed: [],
      abandoned: [],
      overdue: [],
      moved: [],
    })
  })
})

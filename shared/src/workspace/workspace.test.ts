import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE } from '../frameworks/scales.ts'
import { changedAttributionKeys, entryAttributionKey, synthesisAttributionKey } from './attribution.ts'
import {
  addDescriptor,
  addPreuve,
  entryText,
  followedFrameworkIds,
  progress,
  readCriteria,
  readEntry,
  removeDescriptor,
  removePreuve,
  setDescriptorText,
  setLevel,
  synthesisText,
} from './grid.ts'
import { addFramework, initWorkspace } from './init.ts'
import { migrateWorkspace, type WorkspaceMigration } from './migrations.ts'
import { WORKSPACE_SCHEMA_VERSION } from './schema.ts'
import { validateWorkspace } from './validate.ts'
import {
  addCrosswalkLink,
  crosswalkLinks,
  linkedCriteria,
  reformMeasuresFor,
  removeCrosswalkLink,
} from './crosswalk.ts'
import { OTHER_LABELS } from '../frameworks/other-labels.ts'
import { THREE_LEVEL_SCALE } from '../frameworks/scales.ts'

const FW = LYCEE_DES_METIERS.id

function newWorkspace(): Y.Doc {
  const doc = new Y.Doc()
  initWorkspace(doc, {
    etablissementId: 'abcdefghijklmnop',
    schoolYear: '2025-2026',
    frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
    now: new Date('2025-09-15T08:00:00Z'),
  })
  return doc
}

/** Two replicas wired together in memory, as two browsers through the server. */
function pair(): [Y.Doc, Y.Doc] {
  const a = newWorkspace()
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'))
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'))
  return [a, b]
}

describe('a new school-year workspace', () => {
  it('records the schema version, the year and the followed frameworks', () => {
    const doc = newWorkspace()
    expect(doc.getMap('meta').toJSON()).toEqual({
      schemaVersion: WORKSPACE_SCHEMA_VERSION,
      schoolYear: '2025-2026',
      etablissementId: 'abcdefghijklmnop',
      createdAt: '2025-09-15T08:00:00.000Z',
    })
    expect(followedFrameworkIds(doc)).toEqual([FW])
    expect(readCriteria(doc, FW).map((c) => c.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
  })

  it('cannot be initialised twice', () => {
    const doc = newWorkspace()
    expect(() =>
      initWorkspace(doc, { etablissementId: 'x', schoolYear: '2026-2027', frameworks: [], now: new Date() }),
    ).toThrow(/already/)
  })
})

describe('grid accessors', () => {
  it('adds, renames and removes descriptors with their entries', () => {
    const doc = newWorkspace()
    const id = addDescriptor(doc, FW, 'ldm-4', '  Des partenariats formalisés avec les entreprises  ')
    expect(readCriteria(doc, FW)[3]?.descriptors).toEqual([
      { id, text: 'Des partenariats formalisés avec les entreprises', expectations: '' },
    ])
    expect(readEntry(doc, FW, id)).toEqual({
      level: null,
      constats: '',
      pointsForts: '',
      vigilance: '',
      preuves: [],
      indicatorIds: [],
      actionIds: [],
    })
    setDescriptorText(doc, FW, 'ldm-4', id, 'Partenariats formalisés')
    expect(readCriteria(doc, FW)[3]?.descriptors[0]?.text).toBe('Partenariats formalisés')
    removeDescriptor(doc, FW, 'ldm-4', id)
    expect(readCriteria(doc, FW)[3]?.descriptors).toEqual([])
  })

  it('positions on the scale and refuses a level that is not on it', () => {
    const doc = newWorkspace()
    const id = addDescriptor(doc, FW, 'ldm-1', 'Carte des formations lisible')
    setLevel(doc, FW, id, 'atteint')
    expect(readEntry(doc, FW, id).level).toBe('atteint')
    expect(() => setLevel(doc, FW, id, 'excellent')).toThrow(/not on the scale/)
    expect(readEntry(doc, FW, id).level).toBe('atteint')
    setLevel(doc, FW, id, null)
    expect(readEntry(doc, FW, id).level).toBeNull()
  })

  it('edits texts, preuves and the synthesis; counts progress', () => {
    const doc = newWorkspace()
    const a = addDescriptor(doc, FW, 'ldm-6', 'Mobilités Erasmus+')
    const b = addDescriptor(doc, FW, 'ldm-6', 'Partenaires européens')
    entryText(doc, FW, a, 'constats').insert(0, '14 élèves partis en 2024-2025')
    entryText(doc, FW, a, 'pointsForts').insert(0, 'Accréditation Erasmus+')
    const preuve = addPreuve(doc, FW, a, {
      kind: 'lien',
      label: 'Bilan de mobilité',
      ref: 'https://ent.lycee.fr/bilan',
    })
    synthesisText(doc, FW, 'ldm-6').insert(0, 'Ouverture réelle, à étendre aux CAP.')
    setLevel(doc, FW, a, 'consolide')
    expect(readEntry(doc, FW, a)).toMatchObject({
      constats: '14 élèves partis en 2024-2025',
      pointsForts: 'Accréditation Erasmus+',
      preuves: [{ id: preuve, kind: 'lien', label: 'Bilan de mobilité', ref: 'https://ent.lycee.fr/bilan' }],
    })
    expect(progress(doc, FW, 'ldm-6')).toEqual({ positioned: 1, total: 2 })
    removePreuve(doc, FW, a, preuve)
    expect(readEntry(doc, FW, a).preuves).toEqual([])
    expect(readEntry(doc, FW, b).level).toBeNull()
  })

  it('keeps a file preuve’s size, never a link’s', () => {
    const doc = newWorkspace()
    const id = addDescriptor(doc, FW, 'ldm-6', 'Mobilités Erasmus+')
    const file = addPreuve(doc, FW, id, {
      kind: 'fichier',
      label: 'Bilan.pdf',
      ref: 'abcdefghijklmnop',
      size: 3009,
    })
    addPreuve(doc, FW, id, { kind: 'lien', label: 'ENT', ref: 'https://ent.lycee.fr', size: 12 })
    expect(readEntry(doc, FW, id).preuves).toEqual([
      { id: file, kind: 'fichier', label: 'Bilan.pdf', ref: 'abcdefghijklmnop', size: 3009 },
      { id: expect.any(String) as string, kind: 'lien', label: 'ENT', ref: 'https://ent.lycee.fr' },
    ])
    expect(validateWorkspace(doc)).toEqual([])
  })

  it('keeps both people’s edits when they work on the same entry at once', () => {
    const [a, b] = pair()
    const id = addDescriptor(a, FW, 'ldm-2', 'Accueil des apprentis')
    entryText(a, FW, id, 'constats').insert(0, 'Mixité des publics en CAP.')
    entryText(b, FW, id, 'constats').insert(0, 'Trois apprentis en bac pro. ')
    addPreuve(b, FW, id, { kind: 'lien', label: 'Convention CFA', ref: 'https://cfa.example/convention' })
    expect(readEntry(a, FW, id)).toEqual(readEntry(b, FW, id))
    expect(readEntry(a, FW, id).constats).toContain('Mixité des publics en CAP.')
    expect(readEntry(a, FW, id).constats).toContain('Trois apprentis en bac pro.')
    expect(readEntry(a, FW, id).preuves).toHaveLength(1)
  })
})

describe('attribution keys of a change', () => {
  const keysOf = (doc: Y.Doc, edit: () => void) => {
    let keys = new Set<string>()
    const listener = (tr: Y.Transaction) => (keys = changedAttributionKeys(doc, tr.changed))
    doc.on('afterTransaction', listener)
    edit()
    doc.off('afterTransaction', listener)
    return [...keys]
  }

  it('names the field of the entry that changed', () => {
    const doc = newWorkspace()
    const id = addDescriptor(doc, FW, 'ldm-3', 'Parcours adaptés')
    expect(keysOf(doc, () => setLevel(doc, FW, id, 'en-cours'))).toEqual([
      entryAttributionKey(FW, id, 'level'),
    ])
    expect(keysOf(doc, () => entryText(doc, FW, id, 'vigilance').insert(0, 'Absentéisme'))).toEqual([
      entryAttributionKey(FW, id, 'vigilance'),
    ])
    expect(
      keysOf(doc, () => addPreuve(doc, FW, id, { kind: 'lien', label: 'CR', ref: 'https://x.fr' })),
    ).toEqual([entryAttributionKey(FW, id, 'preuves')])
    expect(keysOf(doc, () => synthesisText(doc, FW, 'ldm-3').insert(0, 'Bilan'))).toEqual([
      synthesisAttributionKey(FW, 'ldm-3'),
    ])
  })

  it('ignores changes outside the grids', () => {
    const doc = newWorkspace()
    expect(keysOf(doc, () => doc.getMap('meta').set('note', 'x'))).toEqual([])
  })
})

describe('migrations', () => {
  const steps: WorkspaceMigration[] = [
    { version: 2, name: 'add-notes', up: (doc) => doc.getMap('meta').set('notes', '') },
    {
      version: 3,
      name: 'rename-notes',
      up: (doc) => doc.getMap('meta').set('remarques', doc.getMap('meta').get('notes')),
    },
  ]

  it('runs the missing steps in order, once, and records the version', () => {
    const doc = newWorkspace()
    doc.getMap('meta').set('schemaVersion', 1)
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    expect(migrateWorkspace(doc, steps, 3)).toEqual([2, 3])
    expect(doc.getMap('meta').get('schemaVersion')).toBe(3)
    expect(doc.getMap('meta').get('remarques')).toBe('')
    expect(updates).toHaveLength(1) // one transaction: clients receive one update
    expect(migrateWorkspace(doc, steps, 3)).toEqual([])
  })

  it('leaves a document newer than the code untouched', () => {
    const doc = newWorkspace()
    doc.getMap('meta').set('schemaVersion', 9)
    expect(migrateWorkspace(doc, steps, 3)).toEqual([])
    expect(doc.getMap('meta').get('schemaVersion')).toBe(9)
  })

  it('has nothing to do on a document at the current version', () => {
    expect(migrateWorkspace(newWorkspace())).toEqual([])
  })

  it('step 2 gives a version-1 document the Fiche 4 crosswalk, once', () => {
    const doc = newWorkspace()
    doc.transact(() => {
      doc.getMap('meta').set('schemaVersion', 1)
      doc.getMap('crosswalk').clear()
    })
    expect(migrateWorkspace(doc)).toEqual([2])
    expect(reformMeasuresFor(doc, 'ldm-8').map((m) => m.label)).toEqual(['Bureau des entreprises'])
    expect(crosswalkLinks(doc)).toHaveLength(26)
    expect(migrateWorkspace(doc)).toEqual([])
  })
})

describe('validateWorkspace', () => {
  it('accepts a seeded and edited workspace', () => {
    const doc = newWorkspace()
    const id = addDescriptor(doc, FW, 'ldm-1', 'Carte des formations')
    setLevel(doc, FW, id, 'atteint')
    expect(validateWorkspace(doc)).toEqual([])
  })

  it('names what is broken', () => {
    const doc = newWorkspace()
    const id = addDescriptor(doc, FW, 'ldm-1', 'Carte des formations')
    const entries = doc.getMap<Y.Map<unknown>>('grids').get(FW)!.get('entries') as Y.Map<Y.Map<unknown>>
    entries.get(id)!.set('level', 'excellent')
    entries.get(id)!.set('constats', 'pas un texte partagé')
    doc.getMap('attributions').set('grid:x', { by: 1 })
    addPreuve(doc, FW, id, { kind: 'lien', label: 'ENT', ref: 'https://ent.lycee.fr' })
    const preuves = entries.get(id)!.get('preuves') as Y.Array<Y.Map<unknown>>
    preuves.get(0).set('kind', 'photo')
    addPreuve(doc, FW, id, { kind: 'fichier', label: 'Bilan.pdf', ref: 'abcdefghijklmnop', size: 10 })
    preuves.get(1).set('size', -1)
    expect(validateWorkspace(doc)).toEqual([
      `${FW}/${id}: level "excellent" not on the scale`,
      `${FW}/${id}: constats is not a text`,
      `${FW}/${id}: preuve 0 has an unknown kind "photo"`,
      `${FW}/${id}: preuve 1 has a bad size -1`,
      'attribution grid:x malformed',
    ])
  })
})

describe('crosswalk', () => {
  it('starts from Fiche 4 and lists a criterion’s reform measures', () => {
    const doc = newWorkspace()
    expect(reformMeasuresFor(doc, 'ldm-7').map((m) => m.number)).toEqual([1, 4, 5])
  })

  it('links criteria of two frameworks, in both directions, once even if added twice at once', () => {
    const [a, b] = pair()
    const e3d = OTHER_LABELS.find((f) => f.id === 'e3d')!
    a.transact(() => addFramework(a, e3d, THREE_LEVEL_SCALE))
    addCrosswalkLink(a, 'ldm-5', 'e3d-2')
    addCrosswalkLink(b, 'ldm-5', 'e3d-2')
    expect(linkedCriteria(b, 'ldm-5').map((l) => l.criterion.title)).toEqual([
      'Actions pédagogiques et éducatives',
    ])
    expect(linkedCriteria(b, 'e3d-2').map((l) => l.criterion.id)).toEqual(['ldm-5'])
    expect(crosswalkLinks(a).filter((l) => l.from === 'ldm-5' && l.to === 'e3d-2')).toHaveLength(1)
    removeCrosswalkLink(b, 'e3d-2', 'ldm-5')
    expect(linkedCriteria(a, 'ldm-5')).toEqual([])
    expect(() => addCrosswalkLink(a, 'ldm-1', 'ldm-1')).toThrow()
  })
})

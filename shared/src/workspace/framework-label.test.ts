import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Framework } from '../frameworks/types.ts'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE, YES_PARTIAL_NO_SCALE } from '../frameworks/scales.ts'
import { frameworkLabelOf } from './grid.ts'
import { initWorkspace } from './init.ts'

/** A framework a school made itself: Rouages does not ship it, so only the year knows its name. */
const OWN: Framework = {
  id: 'projet-etablissement-2026',
  version: 2,
  label: 'Projet d’établissement 2026',
  layer: 'etablissement',
  scaleId: YES_PARTIAL_NO_SCALE.id,
  criteria: [
    { id: 'c1-reussite', number: '1', title: 'La réussite', shortTitle: 'Réussite', descriptors: [] },
  ],
}

function year(): Y.Doc {
  const doc = new Y.Doc()
  initWorkspace(doc, {
    etablissementId: 'abcdefghijklmnop',
    schoolYear: '2026-2027',
    frameworks: [
      { framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE },
      { framework: OWN, scale: YES_PARTIAL_NO_SCALE },
    ],
    now: new Date('2026-09-01T08:00:00Z'),
  })
  return doc
}

describe('frameworkLabelOf', () => {
  it('reads the label the year copied, for shipped and school-made frameworks alike', () => {
    const doc = year()
    expect(frameworkLabelOf(doc, LYCEE_DES_METIERS.id)).toBe(LYCEE_DES_METIERS.label)
    expect(frameworkLabelOf(doc, OWN.id)).toBe('Projet d’établissement 2026')
  })

  it('reads it on another replica, which knows nothing of the library', () => {
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(year()))
    expect(frameworkLabelOf(replica, OWN.id)).toBe('Projet d’établissement 2026')
  })

  it('answers undefined for a framework the year does not follow, or a blank label', () => {
    const doc = year()
    expect(frameworkLabelOf(doc, 'e3d')).toBeUndefined()
    doc.getMap<Y.Map<unknown>>('frameworks').get(OWN.id)?.set('label', '  ')
    expect(frameworkLabelOf(doc, OWN.id)).toBeUndefined()
    expect(frameworkLabelOf(new Y.Doc(), LYCEE_DES_METIERS.id)).toBeUndefined()
  })
})

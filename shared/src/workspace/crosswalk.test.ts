import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { OTHER_LABELS } from '../frameworks/other-labels.ts'
import { DEFAULT_SCALE, THREE_LEVEL_SCALE } from '../frameworks/scales.ts'
import {
  addCrosswalkLink,
  crosswalkCandidates,
  crosswalkLinks,
  linkedCriteria,
  reformMeasuresFor,
  removeCrosswalkLink,
} from './crosswalk.ts'
import { initWorkspace } from './init.ts'

const label = (id: string) => OTHER_LABELS.find((f) => f.id === id)!

/** A year following the national label, E3D and Euroscol. */
function multiLabelYear(): Y.Doc {
  const doc = new Y.Doc()
  initWorkspace(doc, {
    etablissementId: 'abcdefghijklmnop',
    schoolYear: '2025-2026',
    frameworks: [
      { framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE },
      { framework: label('e3d'), scale: THREE_LEVEL_SCALE },
      { framework: label('euroscol'), scale: THREE_LEVEL_SCALE },
    ],
    now: new Date('2025-09-15T08:00:00Z'),
  })
  return doc
}

describe('what can still be linked to a criterion', () => {
  it('offers the reform measures not linked yet and the criteria of the other frameworks', () => {
    const doc = multiLabelYear()
    const candidates = crosswalkCandidates(doc, 'ldm-1')
    // Fiche 4 links criterion 1 to measures 7, 8 and 9.
    expect(candidates.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 10])
    expect(candidates.criteria.map((c) => `${c.frameworkId}/${c.criterion.id}`)).toEqual([
      'e3d/e3d-1',
      'e3d/e3d-2',
      'e3d/e3d-3',
      'euroscol/euroscol-1',
      'euroscol/euroscol-2',
      'euroscol/euroscol-3',
      'euroscol/euroscol-4',
    ])
  })

  it('leaves out what is linked, in either direction, and offers it again once removed', () => {
    const doc = multiLabelYear()
    addCrosswalkLink(doc, 'e3d-2', 'ldm-1')
    addCrosswalkLink(doc, 'ldm-1', 'reforme-1')
    const candidates = crosswalkCandidates(doc, 'ldm-1')
    expect(candidates.measures.map((m) => m.number)).toEqual([2, 3, 4, 5, 6, 10])
    expect(candidates.criteria.map((c) => c.criterion.id)).not.toContain('e3d-2')
    // From the E3D side, criterion 1 of the national label is linked; the other LdM criteria are offered.
    const fromE3d = crosswalkCandidates(doc, 'e3d-2')
    expect(fromE3d.criteria.map((c) => c.criterion.id)).not.toContain('ldm-1')
    expect(fromE3d.criteria.map((c) => c.criterion.id)).toContain('ldm-2')
    expect(fromE3d.criteria.some((c) => c.frameworkId === 'e3d')).toBe(false)
    expect(() => crosswalkCandidates(doc, 'reforme-1')).toThrow(/reforme-1 is not a criterion/)

    removeCrosswalkLink(doc, 'ldm-1', 'e3d-2')
    removeCrosswalkLink(doc, 'ldm-1', 'reforme-9')
    expect(linkedCriteria(doc, 'ldm-1')).toEqual([])
    expect(reformMeasuresFor(doc, 'ldm-1').map((m) => m.number)).toEqual([1, 7, 8])
    expect(crosswalkCandidates(doc, 'ldm-1').measures.map((m) => m.number)).toEqual([2, 3, 4, 5, 6, 9, 10])
  })
})

describe('adding a link', () => {
  it('refuses unknown items and links within one framework, with the id in the message', () => {
    const doc = multiLabelYear()
    const before = crosswalkLinks(doc).length
    expect(() => addCrosswalkLink(doc, 'ldm-1', 'reforme-11')).toThrow(/reforme-11 is neither/)
    expect(() => addCrosswalkLink(doc, 'egalite-1', 'ldm-1')).toThrow(/egalite-1 is neither/)
    expect(() => addCrosswalkLink(doc, 'ldm-1', 'ldm-2')).toThrow(/same framework/)
    expect(() => addCrosswalkLink(doc, 'reforme-1', 'reforme-2')).toThrow(/same framework/)
    expect(crosswalkLinks(doc)).toHaveLength(before)
    addCrosswalkLink(doc, 'euroscol-3', 'reforme-6')
    expect(reformMeasuresFor(doc, 'euroscol-3').map((m) => m.number)).toEqual([6])
  })
})

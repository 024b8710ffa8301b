import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BilanSummary } from '../api/bilans.ts'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE } from '../frameworks/scales.ts'
import { initWorkspace } from '../workspace/init.ts'
import { workspaceSnapshot, type WorkspaceSnapshot } from '../workspace/snapshot.ts'
import { bilanReport } from './bilan-report.ts'
import { dossier } from './dossier.ts'
import { labelDossier, type LabelDossierBilan } from './label-dossier.ts'
import { cellLines, reportText, startsPage, walkSections, type Block, type Report } from './model.ts'
import { fillPreviousYearGrid, fillSampleGrid, fillSamplePlan } from './sample-year.ts'

const NB = '\u00A0'
const ETAB = { name: 'Lycée professionnel Jean Jaurès', uai: '0691234A', academie: 'Lyon' }
const PEOPLE: Record<string, string> = { u1: 'Claire Martin', u2: 'Karim Benali', u3: 'Sophie Durand' }
const personName = (id: string) => PEOPLE[id] ?? 'ancien membre'

function snapshotOf(schoolYear: string, fill: (doc: Y.Doc) => void): WorkspaceSnapshot {
  const doc = new Y.Doc()
  initWorkspace(doc, {
    etablissementId: 'abcdefghijklmnop',
    schoolYear,
    frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
    now: new Date('2024-09-01T08:00:00Z'),
  })
  fill(doc)
  return workspaceSnapshot(doc)
}

const summary = (schoolYear: string, name: string, steps: BilanSummary['steps'] = []): BilanSummary => ({
  id: `bilan${schoolYear.replace('-', '')}abcdefg`,
  schoolYear,
  name,
  note: '',
  digest: '0123abcd'.repeat(8),
  createdAt: `${schoolYear.slice(5)}-06-20T10:00:00.000Z`,
  createdBy: 'Karim Benali',
  steps,
})

const FIRST: LabelDossierBilan = {
  summary: summary('2024-2025', 'Bilan de juin 2025', [
    { step: 'approved', onDate: null, recordedBy: 'Claire Martin', recordedAt: '2025-06-21T08:00:00.000Z' },
    {
      step: 'presented-ca',
      onDate: '2025-06-30',
      recordedBy: 'Claire Martin',
      recordedAt: '2025-06-30T18:00:00.000Z',
    },
  ]),
  snapshot: snapshotOf('2024-2025', (doc) => fillPreviousYearGrid(doc)),
}
const LAST: LabelDossierBilan = {
  summary: summary('2025-2026', 'Bilan de juin 2026'),
  snapshot: snapshotOf('2025-2026', (doc) => {
    const descriptorIds = fillSampleGrid(doc)
    fillSamplePlan(doc, { descriptorIds, pilotes: ['u1', 'u2', 'u3'], now: new Date('2025-09-15T08:00:00Z') })
  }),
}
const LABEL = {
  intitule: "Lycée des métiers de l'industrie et de la logistique",
  cycleStart: 2024,
  cycleEnd: 2029,
  status: 'renouvellement' as const,
  decision: 'renouvellement' as const,
}
const OPTIONS = { etablissement: ETAB, frameworkLabel: LYCEE_DES_METIERS.label, personName }

const blockText = (block: Block): string =>
  block.type === 'paragraph'
    ? block.runs.map((run) => run.text).join('')
    : block.type === 'list'
      ? block.items.map((item) => item.map((run) => run.text).join('')).join('\n')
      : block.rows
          .map((row) =>
            row
              .map((cell) =>
                cellLines(cell)
                  .map((line) => line.text)
                  .join(' / '),
              )
              .join(' | '),
          )
          .join('\n')

const tables = (report: Report, id: string) =>
  report.sections.find((section) => section.id === id)?.blocks.filter((block) => block.type === 'table') ?? []

describe('a dossier of reports', () => {
  const one = bilanReport(FIRST.summary, FIRST.snapshot, { etablissement: ETAB, personName })
  const two = bilanReport(LAST.summary, LAST.snapshot, { etablissement: ETAB, personName })
  const front = {
    meta: { ...one.meta, title: 'Dossier' },
    titlePage: { ...one.titlePage, trail: undefined, digest: undefined },
    tocTitle: 'Sommaire',
    footer: 'Pied de page',
    sections: [{ id: 'synthese', level: 1 as const, heading: 'Synthèse', blocks: [], sections: [] }],
  }

  it('puts each report one level down in a chapter opened by its cover, with unique anchors', () => {
    const result = dossier(front, [
      { heading: 'Bilan 2024-2025', report: one },
      { heading: 'Bilan 2025-2026', report: two },
    ])
    expect(result.sections.map((s) => [s.id, s.level, s.heading])).toEqual([
      ['synthese', 1, 'Synthèse'],
      ['partie-1', 1, 'Bilan 2024-2025'],
      ['partie-2', 1, 'Bilan 2025-2026'],
    ])
    const chapter = result.sections[2]!
    // The report's parts become level 2 and still start a page; criteria level 3, their parts 4.
    expect(chapter.sections.map((s) => [s.id, s.level, startsPage(s)])).toEqual(
      two.sections.map((s) => [`partie-2-${s.id}`, 2, true]),
    )
    const criterion = chapter.sections[1]!.sections[0]!
    expect([criterion.level, startsPage(criterion), criterion.sections[0]?.level]).toEqual([3, false, 4])
    const ids = [...walkSections(result.sections)].map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    // The chapter opens with what the cover said: facts, approval trail, digest.
    const opening = chapter.blocks.map(blockText).join('\n')
    expect(opening).toContain(`Bilan figé le${NB}: 20${NB}juin 2026`)
    expect(opening).toContain('Version de travail')
    expect(opening).toContain('0123abcd 0123abcd')
    // The table of contents: the dossier's sections and chapters, then each chapter's parts.
    expect(result.toc.filter((entry) => entry.level === 1).map((entry) => entry.id)).toEqual([
      'synthese',
      'partie-1',
      'partie-2',
    ])
    expect(result.toc.filter((entry) => entry.id.startsWith('partie-2-')).map((entry) => entry.text)).toEqual(
      two.sections.map((s) => s.heading),
    )
    expect(result.titlePage).toBe(front.titlePage)
    expect(reportText(result)).toContain('Critère 4 — ')
  })

  it('refuses anchors that would collide and sections too deep to go one level down', () => {
    expect(() =>
      dossier({ ...front, sections: [{ ...front.sections[0]!, id: 'partie-1' }] }, [
        { heading: 'A', report: one },
      ]),
    ).toThrow(/partie-1/)
    const deep = {
      ...one,
      sections: [{ id: 'x', level: 4 as const, heading: 'Trop bas', blocks: [], sections: [] }],
    }
    expect(() => dossier(front, [{ heading: 'A', report: deep }])).toThrow(/too deep/)
  })
})

describe('the renewal dossier of a label', () => {
  it('opens with a cover and the cycle’s summary: the label, its status and decision, each bilan’s trail', () => {
    const report = labelDossier(LABEL, [FIRST, LAST], OPTIONS)
    expect(report.titlePage).toMatchObject({
      kicker: `Dossier de renouvellement — ${LYCEE_DES_METIERS.label}`,
      etablissement: ETAB.name,
      schoolYear: `Cycle de labellisation 2024${NB}→ 2029`,
      bilanName: 'Lycée des métiers de l’industrie et de la logistique',
    })
    expect(report.titlePage.trail).toBeUndefined()
    expect(report.titlePage.facts).toContainEqual({ label: 'Statut', value: 'Renouvellement en cours' })
    expect(report.titlePage.facts).toContainEqual({ label: 'Décision', value: 'Renouvellement' })
    expect(report.sections.map((s) => s.id)).toEqual(['synthese', 'evolution', 'partie-1', 'partie-2'])
    expect(report.sections.slice(2).map((s) => s.heading)).toEqual([
      'Bilan 2024-2025 — Bilan de juin 2025',
      'Bilan 2025-2026 — Bilan de juin 2026',
    ])

    const summaryText = report.sections[0]!.blocks.map(blockText).join('\n')
    expect(summaryText).toContain(`Cycle${NB}: 2024${NB}→ 2029, années scolaires 2024-2025 à 2028-2029`)
    const [bilans] = tables(report, 'synthese')
    expect(bilans && blockText(bilans).split('\n')).toEqual([
      `2024-2025 | Bilan de juin 2025 | 20${NB}juin 2025 | Approuvé par le chef d’établissement le 21${NB}juin 2025 / Présenté au conseil d’administration le 30${NB}juin 2025`,
      `2025-2026 | Bilan de juin 2026 | 20${NB}juin 2026 | Version de travail${NB}: pas encore approuvée`,
    ])
    expect(summaryText).toContain(`sans bilan figé à ce jour${NB}: 2026-2027, 2027-2028, 2028-2029.`)
  })

  it('compares the first bilan of the cycle with the last, criterion by criterion', () => {
    const report = labelDossier(LABEL, [FIRST, LAST], OPTIONS)
    expect(report.sections[1]?.heading).toBe('Évolution sur le cycle, de 2024-2025 à 2025-2026')
    const [criteria, indicators] = tables(report, 'evolution')
    if (criteria?.type !== 'table') throw new Error('no criteria table')
    expect(criteria.columns.map((c) => c.header)).toEqual([
      'Critère',
      'Bilan 2024-2025',
      'Bilan 2025-2026',
      'Évolution',
    ])
    const rows = blockText(criteria).split('\n')
    expect(rows).toHaveLength(8)
    // Criterion 1 went from en cours to atteint; criterion 6 from atteint to en cours; 2 is new.
    expect(rows[0]).toMatch(/^1\. .* \| En cours \| Atteint \| ↑\u00A0en progrès$/)
    expect(rows[5]).toMatch(/^6\. .* \| Atteint \| En cours \| ↓\u00A0en recul$/)
    expect(rows[1]).toMatch(/\| non positionné \| .* \| nouveau positionnement$/)
    expect(indicators && blockText(indicators)).toContain('Taux de réussite au bac pro | — | 86 | 85 | —')
    const evolution = report.sections[1]!.blocks.map(blockText).join('\n')
    expect(evolution).toContain(`5${NB}actions réalisées`)
  })

  it('gives each bilan its changes since the bilan before it in the cycle', () => {
    const report = labelDossier(LABEL, [FIRST, LAST], OPTIONS)
    const overview = (chapter: number) =>
      report.sections[chapter]!.sections[0]!.blocks.map(blockText).join('\n')
    expect(overview(2)).toContain('Aucun bilan de l’année précédente')
    expect(overview(3)).toContain('par rapport au dernier bilan de l’année 2024-2025')
    expect(reportText(report)).toContain(`pilote${NB}: Karim Benali`)
  })

  it('says so when the cycle has one bilan or none, without a comparison', () => {
    const single = labelDossier(LABEL, [LAST], OPTIONS)
    expect(single.sections.map((s) => s.id)).toEqual(['synthese', 'partie-1'])
    const none = labelDossier({ ...LABEL, decision: null }, [], OPTIONS)
    expect(none.sections.map((s) => s.id)).toEqual(['synthese'])
    expect(reportText(none)).toContain('Aucun bilan n’a encore été figé pendant ce cycle.')
    expect(none.titlePage.facts).toContainEqual({ label: 'Décision', value: 'pas encore de décision' })
  })
})

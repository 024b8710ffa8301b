import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BilanSummary } from '../api/bilans.ts'
import { LYCEE_DES_METIERS } from '../frameworks/lycee-des-metiers.ts'
import { DEFAULT_SCALE } from '../frameworks/scales.ts'
import { frameworkLevels, levelsOfFramework } from '../workspace/dashboard.ts'
import { initWorkspace } from '../workspace/init.ts'
import { workspaceSnapshot, type WorkspaceSnapshot } from '../workspace/snapshot.ts'
import { bilanReport, type BilanReport } from './bilan-report.ts'
import { cellLines, reportText, walkSections, type Block, type Report, type ReportSection } from './model.ts'
import {
  fillPreviousYearGrid,
  fillSampleGrid,
  fillSamplePlan,
  SAMPLE_ACTIONS,
  SAMPLE_FRAMEWORK,
} from './sample-year.ts'

const NB = '\u00A0'
const PEOPLE: Record<string, string> = { u1: 'Claire Martin', u2: 'Karim Benali', u3: 'Sophie Durand' }

function year(schoolYear: string, fill: (doc: Y.Doc) => void): { doc: Y.Doc; snapshot: WorkspaceSnapshot } {
  const doc = new Y.Doc()
  initWorkspace(doc, {
    etablissementId: 'abcdefghijklmnop',
    schoolYear,
    frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
    now: new Date('2025-09-01T08:00:00Z'),
  })
  fill(doc)
  return { doc, snapshot: workspaceSnapshot(doc) }
}

const current = () =>
  year('2025-2026', (doc) => {
    const descriptorIds = fillSampleGrid(doc)
    fillSamplePlan(doc, { descriptorIds, pilotes: ['u1', 'u2', 'u3'], now: new Date('2025-09-15T08:00:00Z') })
  })
const previousYear = () => year('2024-2025', (doc) => fillPreviousYearGrid(doc)).snapshot

const SUMMARY: BilanSummary = {
  id: 'bilan1234567890ab',
  schoolYear: '2025-2026',
  name: 'Bilan annuel 2025-2026',
  note: "Version présentée au CA: relue par l'équipe.",
  digest: 'a'.repeat(56) + '0123abcd',
  createdAt: '2026-06-25T22:30:00.000Z',
  createdBy: 'Karim Benali',
  steps: [
    { step: 'approved', onDate: null, recordedBy: 'Claire Martin', recordedAt: '2026-06-26T07:00:00.000Z' },
    {
      step: 'presented-cp',
      onDate: '2026-06-29',
      recordedBy: 'Karim Benali',
      recordedAt: '2026-06-29T15:00:00.000Z',
    },
  ],
}
const ETAB = { name: 'Lycée professionnel Jean Jaurès', uai: '0691234A', academie: 'Lyon' }

function report(previous?: WorkspaceSnapshot): BilanReport {
  return bilanReport(SUMMARY, current().snapshot, {
    etablissement: ETAB,
    personName: (id) => PEOPLE[id] ?? 'Ancien membre',
    previous,
  })
}

const text = (blocks: Block[]) =>
  blocks
    .map((block) =>
      block.type === 'paragraph'
        ? block.runs.map((run) => run.text).join('')
        : block.type === 'list'
          ? block.items.map((item) => item.map((run) => run.text).join('')).join('\n')
          : block.rows
              .map((row) =>
                row
                  .map((cell) =>
                    cellLines(cell)
                      .map((l) => l.text)
                      .join(' / '),
                  )
                  .join(' | '),
              )
              .join('\n'),
    )
    .join('\n')
const child = (section: ReportSection, heading: string) => {
  const found = section.sections.find((s) => s.heading === heading)
  if (!found) throw new Error(`no section ${heading} in ${section.heading}`)
  return found
}
const criterionSection = (r: Report, number: string) => {
  const found = r.sections[1]?.sections.find((s) => s.heading.startsWith(`Critère ${number} — `))
  if (!found) throw new Error(`no criterion ${number}`)
  return found
}

describe('the bilan report model', () => {
  it('has a title page with the établissement, the year, the approval trail and the digest', () => {
    const { titlePage, meta, footer } = report()
    expect(titlePage).toMatchObject({
      kicker: 'Rapport annuel — Suivi du label Lycée des métiers',
      etablissement: 'Lycée professionnel Jean Jaurès',
      etablissementDetails: 'UAI 0691234A — Académie de Lyon',
      schoolYear: 'Année scolaire 2025-2026',
      bilanName: 'Bilan annuel 2025-2026',
    })
    // 22:30 UTC is already 26 June in Lyon.
    expect(titlePage.facts).toEqual([
      { label: 'Bilan figé le', value: `26${NB}juin 2026 à 0${NB}h${NB}30` },
      { label: 'Par', value: 'Karim Benali' },
      { label: 'Note', value: `Version présentée au CA${NB}: relue par l’équipe.` },
    ])
    expect(titlePage.trail.steps).toEqual([
      {
        label: 'Approuvé par le chef d’établissement',
        value: `le 26${NB}juin 2026 (enregistré par Claire Martin)`,
      },
      {
        label: 'Présenté au conseil pédagogique',
        value: `le 29${NB}juin 2026 (enregistré par Karim Benali)`,
      },
    ])
    expect(titlePage.trail.empty).toBeNull()
    expect(titlePage.digest.value.replaceAll(' ', '')).toBe(SUMMARY.digest)
    expect(titlePage.digest.value.split(' ')).toHaveLength(8)
    expect(meta).toMatchObject({ language: 'fr-FR', author: 'Lycée professionnel Jean Jaurès' })
    expect(footer).toContain('2025-2026')

    const draft = bilanReport({ ...SUMMARY, steps: [] }, current().snapshot, {
      etablissement: { ...ETAB, academie: 'Amiens' },
      personName: () => '',
    })
    expect(draft.titlePage.trail.empty).toContain('pas encore approuvée')
    expect(draft.titlePage.etablissementDetails).toBe('UAI 0691234A — Académie d’Amiens')
  })

  it('follows the rapport annuel: overview, each criterion, the action plan, the indicators', () => {
    const r = report()
    expect(r.sections.map((s) => [s.level, s.heading])).toEqual([
      [1, 'Vue d’ensemble'],
      [1, 'Label Lycée des métiers (cahier des charges national, 2023)'],
      [1, 'Plan d’action'],
      [1, 'Indicateurs'],
    ])
    const criteria = r.sections[1]!.sections
    expect(criteria.map((s) => s.heading)).toEqual(
      LYCEE_DES_METIERS.criteria.map((c) => `Critère ${c.number} — ${c.title}`),
    )
    for (const criterion of criteria)
      expect(criterion.sections.map((s) => [s.level, s.heading])).toEqual([
        [3, 'Constats'],
        [3, 'Actions menées'],
        [3, 'Bilan et perspectives'],
      ])
    // The table of contents lists the parts and the criteria, pointing at their sections.
    expect(r.toc.map((entry) => entry.text)).toEqual([
      'Vue d’ensemble',
      'Label Lycée des métiers (cahier des charges national, 2023)',
      ...criteria.map((s) => s.heading),
      'Plan d’action',
      'Indicateurs',
    ])
    const ids = [...walkSections(r.sections)].map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const entry of r.toc) expect(ids).toContain(entry.id)
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/)
  })

  it('gives each criterion its level in words, its constats, its actions and its synthesis', () => {
    const r = report()
    const c1 = criterionSection(r, '1')
    // atteint (2), en cours (1), consolidé (3): mean 2 → Atteint, i.e. 3 on a scale of 4.
    expect(text(c1.blocks)).toBe(
      `Positionnement du critère${NB}: Atteint (moyenne 3 sur 4${NB}; 3${NB}descripteurs positionnés sur 3).`,
    )
    const level = c1.blocks[0]?.type === 'paragraph' ? c1.blocks[0].runs[1] : undefined
    expect(level).toEqual({ text: 'Atteint', bold: true, color: DEFAULT_SCALE.levels[2]?.color })

    const constats = text(child(c1, 'Constats').blocks)
    expect(constats).toContain('Une carte des formations cohérente avec le bassin d’emploi')
    expect(constats).toContain(`Positionnement${NB}: Atteint`)
    expect(constats).toContain(
      `Points de vigilance${NB}: Attention${NB}: le CAP Opérateur logistique perd des effectifs (11 élèves en 2025).`,
    )
    expect(constats).toContain(`Preuves${NB}: Carte des formations 2025`)
    expect(constats).toContain(`Points forts${NB}: 42${NB}% des bacheliers`)

    // Criterion 4: one action on the criterion, two on its descriptors; none of the others.
    const c4Actions = text(child(criterionSection(r, '4'), 'Actions menées').blocks).split('\n')
    expect(c4Actions).toEqual([
      `Signer cinq conventions avec les entreprises du port — Réalisée, échéance 31${NB}mars 2026, pilote${NB}: Claire Martin. Bilan${NB}: Six conventions signées, dont deux avec des PME.`,
      `Ouvrir le bureau des entreprises — En cours, échéance 15${NB}janvier 2026, pilote${NB}: Karim Benali.`,
      `Former les tuteurs de PFMP — À lancer, échéance 30${NB}juin 2026, pilote${NB}: Karim Benali.`,
    ])
    expect(text(child(criterionSection(r, '4'), 'Constats').blocks)).toContain(
      `Des tuteurs de PFMP formés\nPositionnement${NB}: non positionné\nAucun constat saisi.`,
    )

    expect(text(child(c1, 'Bilan et perspectives').blocks)).toBe(
      `L’offre de formation est cohérente et lisible pour les entreprises.\nPerspectives${NB}: présenter les passerelles aux familles dès la 3e prépa-métiers.`,
    )
    // Every action appears under at least one criterion.
    const menees = r.sections[1]!.sections.map((s) => text(child(s, 'Actions menées').blocks)).join('\n')
    for (const action of SAMPLE_ACTIONS) expect(menees).toContain(action.title.replace("'", '’'))
  })

  it('lists the whole action plan by échéance and the indicators with their values by period', () => {
    const r = report()
    const plan = r.sections[2]!
    expect(text(plan.blocks.slice(0, 1))).toBe(
      `12${NB}actions (2${NB}à lancer, 3${NB}en cours, 5${NB}réalisées, 1${NB}reportée, 1${NB}abandonnée).`,
    )
    const table = plan.blocks[1]
    if (table?.type !== 'table') throw new Error('no plan table')
    expect(table.columns.map((c) => c.header)).toEqual(['Intitulé', 'Pilote', 'Échéance', 'État', 'Bilan'])
    expect(table.rows).toHaveLength(12)
    expect(text([table]).split('\n')[0]).toBe(
      `Réunir le GPDS chaque mois | Karim Benali | 1er${NB}octobre 2025 | Réalisée | Dix réunions tenues, 37 situations suivies.`,
    )
    expect(text([table]).split('\n').at(-1)).toBe(
      `Former l’équipe à la mixité des parcours | Karim Benali | 15${NB}novembre 2026 | À lancer | —`,
    )

    const indicators = r.sections[3]!.blocks[0]
    if (indicators?.type !== 'table') throw new Error('no indicators table')
    expect(text([indicators]).split('\n')).toEqual([
      `Taux de réussite au bac pro | % | 78 | 85 | 2023-2024${NB}: 79${NB}% / 2024-2025${NB}: 81${NB}% / 2025-2026${NB}: 86${NB}%`,
      `Taux d’absentéisme | % | 14 | 8 | 31${NB}octobre 2025${NB}: 12,5${NB}% / 30${NB}novembre 2025${NB}: 11${NB}% / 31${NB}janvier 2026${NB}: 9,75${NB}%`,
      `Entreprises partenaires | entreprises | 42 | 60 | 2025-2026${NB}: 57${NB}entreprises`,
      `Mobilités Erasmus+ | élèves | — | 20 | 2025-2026${NB}: 14${NB}élèves`,
    ])
  })

  it('gives each criterion’s change since last year’s bilan', () => {
    const r = report(previousYear())
    const overview = r.sections[0]!.blocks.find((b) => b.type === 'table')
    if (overview?.type !== 'table') throw new Error('no overview table')
    expect(overview.columns.map((c) => c.header)).toEqual([
      'Critère',
      'Positionnement',
      'Descripteurs positionnés',
      'Évolution depuis 2024-2025',
    ])
    const rows = text([overview]).split('\n')
    expect(rows[0]).toBe(`1. Offre de formations | Atteint | 3 sur 3 | ↑${NB}en progrès (En cours → Atteint)`)
    expect(rows[3]).toBe(`4. Partenariats | Atteint | 2 sur 3 | =${NB}stable (Atteint)`)
    expect(rows[5]).toBe(
      `6. Ouverture internationale | En cours | 2 sur 2 | ↓${NB}en recul (Atteint → En cours)`,
    )
    expect(rows[7]).toBe('8. Communication | Consolidé | 2 sur 2 | nouveau positionnement')
    expect(text(criterionSection(r, '1').blocks)).toContain(
      `Évolution depuis 2024-2025${NB}: ↑${NB}en progrès (En cours → Atteint)`,
    )
    // Without a previous bilan, no change is claimed.
    const alone = report()
    expect(reportText(alone)).not.toMatch(/[↑↓]|Évolution depuis/)
    expect(reportText(alone)).toContain('Aucun bilan de l’année précédente')
    // A shared version leaves the earlier bilan out: it does not claim there is none.
    const shared = bilanReport(SUMMARY, current().snapshot, {
      etablissement: ETAB,
      personName: () => '',
      previousWithheld: true,
    })
    expect(reportText(shared)).not.toContain('Aucun bilan de l’année précédente')
    expect(reportText(shared)).toContain('ne figurent pas dans cette version partagée')
  })

  it('computes levels with the tableau de bord’s one function, from the document or the snapshot', () => {
    const { doc, snapshot } = current()
    const fromSnapshot = levelsOfFramework(snapshot.frameworks[0]!)
    expect(fromSnapshot).toEqual(frameworkLevels(doc, SAMPLE_FRAMEWORK))
    expect(fromSnapshot.criteria[0]).toMatchObject({ positioned: 3, total: 3, mean: 2 })
  })

  it('says so when a year is empty, rather than printing empty tables', () => {
    const empty = year('2025-2026', () => {}).snapshot
    const r = bilanReport({ ...SUMMARY, note: '' }, empty, { etablissement: ETAB, personName: () => '' })
    const all = reportText(r)
    expect(all).toContain('Le plan d’action ne compte aucune action.')
    expect(all).toContain('Aucun indicateur n’est suivi cette année.')
    expect(all).toContain('Aucun descripteur n’a été défini pour ce critère.')
    expect(r.titlePage.facts.map((f) => f.label)).toEqual(['Bilan figé le', 'Par'])
    expect(
      r.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'table' && b.rows.length === 0),
    ).toEqual([])
  })
})

import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SHIPPED_FRAMEWORKS } from './index-data.ts'
import { LDM_2016_TO_2023, LYCEE_DES_METIERS } from './lycee-des-metiers.ts'
import { DEFAULT_REFORM_CROSSWALK, REFORM_MEASURES } from './reform.ts'
import { DEFAULT_SCALE, SCALES, THREE_LEVEL_SCALE } from './scales.ts'

/** Typographic and straight apostrophes are the same wording. */
const plain = (s: string) => s.replace(/’/g, "'")

/** The reference data of DOMAIN.md, transcribed (the spec this data must match). */
const CRITERIA = [
  "Une offre de formations professionnelles construite autour d'un ensemble de métiers et de parcours de formation",
  "L'accueil de publics de statuts différents",
  'Des réponses pédagogiques et des parcours de formation adaptés',
  "Un partenariat actif avec le tissu économique local et les organismes de proximité ainsi que les établissements partenaires agissant dans les domaines de la formation professionnelle, de l'orientation et de l'insertion",
  "L'organisation d'actions culturelles",
  "La mise en œuvre d'actions visant à l'ouverture internationale",
  "La mise en place et le suivi d'actions pour prévenir le décrochage scolaire et pour accueillir des jeunes bénéficiant du droit au retour en formation initiale",
  'Une politique active de communication',
]
const MEASURES = [
  'Gratification PFMP',
  'Enseignement des savoirs fondamentaux en classes réduites',
  "Choix d'options",
  'Parcours différencié en classe de terminale Bac Pro',
  'Nouveaux dispositifs pour prévenir les risques de décrochage pendant et après le lycée (Tous droits ouverts, Ambition emploi, parcours de consolidation en BTS)',
  "Mieux préparer l'insertion professionnelle grâce à des partenariats extérieurs, développement du mentorat",
  "Adapter l'offre de formation pour préparer l'avenir professionnel des jeunes",
  'Ouverture de places de spécialisation Bac + 1',
  'Bureau des entreprises',
  'PACTE LP',
]
const CROSSWALK: Record<number, number[]> = {
  1: [7, 8, 9],
  2: [5, 7, 9, 10],
  3: [2, 3, 4, 5, 6, 9, 10],
  4: [5, 6, 7, 9],
  5: [3, 10],
  6: [3, 10],
  7: [1, 4, 5],
  8: [9],
}

const shippedCrosswalk = () => {
  const table: Record<number, number[]> = {}
  for (const { from, to } of DEFAULT_REFORM_CROSSWALK) {
    const criterion = Number(from.replace('ldm-', ''))
    ;(table[criterion] ??= []).push(Number(to.replace('reforme-', '')))
  }
  return table
}

describe('the national Lycée des métiers framework', () => {
  it('has the 8 criteria of art. D335-1, in order, word for word', () => {
    expect(LYCEE_DES_METIERS.criteria.map((c) => plain(c.title))).toEqual(CRITERIA)
    expect(LYCEE_DES_METIERS.criteria.map((c) => c.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect(LYCEE_DES_METIERS.cycleYears).toBe(5)
  })

  it('ships no national descriptors (each académie writes its own)', () => {
    expect(LYCEE_DES_METIERS.criteria.every((c) => c.descriptors.length === 0)).toBe(true)
  })

  it('maps the 2016 list (7 criteria, without criterion 3) onto the 2023 ids', () => {
    expect(Object.values(LDM_2016_TO_2023)).toEqual([
      'ldm-1',
      'ldm-2',
      'ldm-4',
      'ldm-5',
      'ldm-6',
      'ldm-7',
      'ldm-8',
    ])
  })
})

describe('the 2023 reform measures and the Fiche 4 crosswalk', () => {
  it('has the 10 measures, in order, word for word', () => {
    expect(REFORM_MEASURES.map((m) => plain(m.label))).toEqual(MEASURES)
    expect(REFORM_MEASURES.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('links each criterion to exactly the measures of Fiche 4', () => {
    expect(shippedCrosswalk()).toEqual(CROSSWALK)
  })
})

describe('scales', () => {
  it('the default scale is À initier / En cours / Atteint / Consolidé', () => {
    expect(DEFAULT_SCALE.levels.map((l) => l.label)).toEqual([
      'À initier',
      'En cours',
      'Atteint',
      'Consolidé',
    ])
    expect(THREE_LEVEL_SCALE.levels.map((l) => l.label)).toEqual([
      'Engagement',
      'Approfondissement',
      'Expertise',
    ])
  })

  it('every level has a word, a colour and a pattern, and no two levels of a scale share them', () => {
    for (const scale of SCALES) {
      for (const key of ['label', 'color', 'pattern'] as const) {
        const values = scale.levels.map((l) => l[key])
        expect(new Set(values).size, `${scale.id} ${key}`).toBe(values.length)
      }
    }
  })

  it('level colours keep at least 4.5:1 contrast with white text (WCAG AA)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5]
        .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    for (const level of SCALES.flatMap((s) => s.levels)) {
      expect(1.05 / (luminance(level.color) + 0.05), level.label).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('every shipped framework uses a shipped scale and unique ids', () => {
    const scaleIds = new Set(SCALES.map((s) => s.id))
    const ids = SHIPPED_FRAMEWORKS.flatMap((f) => [f.id, ...f.criteria.map((c) => c.id)])
    expect(new Set(ids).size).toBe(ids.length)
    for (const framework of SHIPPED_FRAMEWORKS)
      expect(scaleIds.has(framework.scaleId), framework.id).toBe(true)
  })
})

/**
 * When the briefing folder sits beside the repository (as in CI), check the transcription above
 * against DOMAIN.md itself.
 */
const domainFile = path.resolve(import.meta.dirname, '../../../../shared/DOMAIN.md')
describe.runIf(existsSync(domainFile))('DOMAIN.md cross-check', () => {
  const domain = existsSync(domainFile) ? readFileSync(domainFile, 'utf8') : ''
  const section = (heading: string) => domain.split(heading)[1]?.split('\n### ')[0] ?? ''
  const numbered = (text: string) => [...text.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1]!.trim())

  it('criteria and measures are those of DOMAIN.md', () => {
    expect(numbered(section('### The 8 national criteria'))).toEqual(CRITERIA)
    expect(numbered(section('### The 2023 lycée professionnel reform measures'))).toEqual(MEASURES)
  })

  it('the crosswalk is the table of DOMAIN.md', () => {
    const rows = [...section('### Crosswalk criterion').matchAll(/^\| (\d) \| ([\d, ]+) \|$/gm)]
    expect(
      Object.fromEntries(rows.map((r) => [Number(r[1]), r[2]!.split(',').map((n) => Number(n.trim()))])),
    ).toEqual(CROSSWALK)
  })
})

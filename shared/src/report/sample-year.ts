import type * as Y from 'yjs'
import {
  actionText,
  createAction,
  linkKey,
  setActionField,
  setActionState,
  type ActionState,
} from '../workspace/actions.ts'
import { addDescriptor, addPreuve, entryText, setLevel, synthesisText } from '../workspace/grid.ts'
import { addMeasurement, createIndicator } from '../workspace/indicators.ts'
import type { Effectiveness } from '../workspace/actions.ts'

/**
 * A realistic school year of a lycée professionnel, written only through the workspace accessors:
 * the fixture of the report's tests (unit tests on a local document, integration tests through
 * real provider clients). Every one of the 8 national criteria gets descriptors, levels, constats
 * and a synthesis; the plan gets a dozen actions linked to criteria or descriptors; four indicators
 * get measurements. The words are typed as people type them (straight quotes, "Attention: …") so
 * the tests see the report's typography at work.
 */
export const SAMPLE_FRAMEWORK = 'lycee-des-metiers'

interface SampleDescriptor {
  text: string
  level: string | null
  constats?: string
  pointsForts?: string
  vigilance?: string
  preuve?: string
}

export const SAMPLE_GRID: Record<string, { descriptors: SampleDescriptor[]; synthesis: string }> = {
  'ldm-1': {
    descriptors: [
      {
        text: "Une carte des formations cohérente avec le bassin d'emploi",
        level: 'atteint',
        constats: 'Les formations couvrent la maintenance, la logistique et le transport.',
        pointsForts: 'Ouverture du BTS Maintenance des systèmes en septembre 2025.',
        vigilance: 'Attention: le CAP Opérateur logistique perd des effectifs (11 élèves en 2025).',
        preuve: 'Carte des formations 2025',
      },
      {
        text: 'Des parcours lisibles de la 3e prépa-métiers au BTS',
        level: 'en-cours',
        constats: 'Les passerelles existent mais restent peu connues des familles.',
      },
      {
        text: "Une poursuite d'études du bac pro vers le BTS organisée",
        level: 'consolide',
        pointsForts: '42 % des bacheliers poursuivent en BTS, dont 18 dans le lycée.',
      },
    ],
    synthesis:
      "L'offre de formation est cohérente et lisible pour les entreprises.\nPerspectives: présenter les passerelles aux familles dès la 3e prépa-métiers.",
  },
  'ldm-2': {
    descriptors: [
      {
        text: "L'accueil d'apprentis en mixité de parcours",
        level: 'en-cours',
        constats: 'Deux sections accueillent des apprentis; les emplois du temps restent à harmoniser.',
      },
      { text: 'La formation continue des adultes avec le GRETA', level: 'a-initier' },
    ],
    synthesis: 'La mixité des publics progresse lentement. Un groupe de travail sera réuni en septembre.',
  },
  'ldm-3': {
    descriptors: [
      {
        text: "La co-intervention et le chef-d'œuvre dans toutes les filières",
        level: 'atteint',
        constats: "Toutes les classes de CAP présentent un chef-d'œuvre.",
        pointsForts: "Exposition des chefs-d'œuvre lors des portes ouvertes.",
      },
      {
        text: "Un accompagnement renforcé en terminale (insertion ou poursuite d'études)",
        level: 'atteint',
        vigilance: 'Les groupes à effectif réduit dépendent de la dotation horaire.',
      },
    ],
    synthesis: "Les réponses pédagogiques sont installées. Perspective: évaluer le module d'insertion.",
  },
  'ldm-4': {
    descriptors: [
      {
        text: 'Des conventions de partenariat avec les entreprises du bassin',
        level: 'consolide',
        constats: 'Six conventions signées en 2025-2026, dont deux avec des PME du port.',
        preuve: 'Conventions signées (dossier partagé)',
      },
      {
        text: 'Un bureau des entreprises opérationnel',
        level: 'en-cours',
        constats: 'Le bureau des entreprises ouvre deux demi-journées par semaine.',
        vigilance: "Le poste de chargé de mission n'est financé que jusqu'en juin.",
      },
      { text: 'Des tuteurs de PFMP formés', level: null },
    ],
    synthesis:
      'Le partenariat avec le tissu économique est actif et formalisé. Perspectives: pérenniser le bureau des entreprises et former les tuteurs.',
  },
  'ldm-5': {
    descriptors: [
      {
        text: "Des projets culturels chaque année (résidence d'artiste, théâtre)",
        level: 'atteint',
        constats: 'Trois classes ont suivi le projet "Théâtre et métiers" avec la scène nationale.',
      },
    ],
    synthesis: "Les actions culturelles touchent un tiers des classes; la résidence d'artiste est reportée.",
  },
  'ldm-6': {
    descriptors: [
      {
        text: 'Des mobilités Erasmus+ des élèves et des personnels',
        level: 'en-cours',
        constats: "Quatorze élèves sont partis en PFMP à l'étranger (Espagne, Irlande).",
      },
      { text: 'Une section européenne', level: 'a-initier', vigilance: "Pas d'enseignant certifié en DNL !" },
    ],
    synthesis:
      "L'ouverture internationale repose sur Erasmus+. La section européenne est abandonnée pour cette année.",
  },
  'ldm-7': {
    descriptors: [
      {
        text: 'Le repérage et le suivi des élèves en risque de décrochage (GPDS)',
        level: 'atteint',
        constats: 'Le GPDS se réunit chaque mois; 37 situations suivies.',
        pointsForts: 'Huit élèves raccrochés grâce au tutorat.',
      },
      { text: 'Le retour en formation initiale', level: 'en-cours' },
    ],
    synthesis:
      'La prévention du décrochage est structurée. Perspective: mieux accueillir les jeunes de retour en formation.',
  },
  'ldm-8': {
    descriptors: [
      {
        text: 'Un site et des réseaux sociaux à jour',
        level: 'atteint',
        constats: 'Publication hebdomadaire.',
      },
      {
        text: 'Des portes ouvertes et des mini-stages pour les collégiens',
        level: 'consolide',
        pointsForts: '120 collégiens accueillis en mini-stage.',
      },
    ],
    synthesis: 'La communication est active et régulière.',
  },
}

/** Writes the grid: descriptors, levels, constats, preuves and syntheses of the 8 criteria. */
export function fillSampleGrid(doc: Y.Doc, frameworkId = SAMPLE_FRAMEWORK): Map<string, string[]> {
  const ids = new Map<string, string[]>()
  for (const [criterionId, { descriptors, synthesis }] of Object.entries(SAMPLE_GRID)) {
    ids.set(
      criterionId,
      descriptors.map((descriptor) => {
        const id = addDescriptor(doc, frameworkId, criterionId, descriptor.text)
        if (descriptor.level) setLevel(doc, frameworkId, id, descriptor.level)
        for (const field of ['constats', 'pointsForts', 'vigilance'] as const) {
          const text = descriptor[field]
          if (text) entryText(doc, frameworkId, id, field).insert(0, text)
        }
        if (descriptor.preuve)
          addPreuve(doc, frameworkId, id, {
            kind: 'lien',
            label: descriptor.preuve,
            ref: 'https://example.org/preuve',
          })
        return id
      }),
    )
    synthesisText(doc, frameworkId, criterionId).insert(0, synthesis)
  }
  return ids
}

interface SampleAction {
  title: string
  /** A criterion id, or `<criterion id>#<descriptor index>` for a descriptor of it. */
  link: string
  echeance: string
  /** Index into the pilotes given to fillSamplePlan. */
  pilote: number
  etat: ActionState
  efficacite?: Effectiveness
  bilan?: string
}

export const SAMPLE_ACTIONS: SampleAction[] = [
  {
    title: 'Signer cinq conventions avec les entreprises du port',
    link: 'ldm-4',
    echeance: '2026-03-31',
    pilote: 0,
    etat: 'realisee',
    efficacite: 'oui',
    bilan: 'Six conventions signées, dont deux avec des PME.',
  },
  {
    title: 'Ouvrir le bureau des entreprises',
    link: 'ldm-4#1',
    echeance: '2026-01-15',
    pilote: 1,
    etat: 'en-cours',
  },
  {
    title: 'Former les tuteurs de PFMP',
    link: 'ldm-4#2',
    echeance: '2026-06-30',
    pilote: 1,
    etat: 'a-lancer',
  },
  {
    title: 'Organiser des mini-stages pour les élèves de 3e',
    link: 'ldm-8',
    echeance: '2026-02-13',
    pilote: 2,
    etat: 'realisee',
    efficacite: 'oui',
    bilan: "120 collégiens accueillis; 35 vœux de plus qu'en 2025.",
  },
  {
    title: 'Refondre le site internet du lycée',
    link: 'ldm-8#0',
    echeance: '2026-09-30',
    pilote: 2,
    etat: 'en-cours',
  },
  {
    title: 'Déposer la candidature Erasmus+ 2026',
    link: 'ldm-6',
    echeance: '2026-02-20',
    pilote: 0,
    etat: 'realisee',
    efficacite: 'partiel',
    bilan: 'Candidature retenue pour 12 mobilités au lieu de 20.',
  },
  {
    title: 'Réunir le GPDS chaque mois',
    link: 'ldm-7#0',
    echeance: '2025-10-01',
    pilote: 1,
    etat: 'realisee',
    efficacite: 'oui',
    bilan: 'Dix réunions tenues, 37 situations suivies.',
  },
  {
    title: "Accueillir une résidence d'artiste",
    link: 'ldm-5',
    echeance: '2026-04-30',
    pilote: 2,
    etat: 'reportee',
  },
  {
    title: 'Créer une passerelle bac pro vers BTS',
    link: 'ldm-1#1',
    echeance: '2026-05-29',
    pilote: 0,
    etat: 'en-cours',
  },
  {
    title: "Former l'équipe à la mixité des parcours",
    link: 'ldm-2',
    echeance: '2026-11-15',
    pilote: 1,
    etat: 'a-lancer',
  },
  {
    title: "Généraliser le chef-d'œuvre en CAP",
    link: 'ldm-3',
    echeance: '2025-12-19',
    pilote: 0,
    etat: 'realisee',
    efficacite: 'oui',
    bilan: "Toutes les classes de CAP ont présenté leur chef-d'œuvre.",
  },
  {
    title: 'Ouvrir une section européenne en anglais',
    link: 'ldm-6#1',
    echeance: '2026-06-01',
    pilote: 2,
    etat: 'abandonnee',
  },
]

export const SAMPLE_INDICATORS = [
  {
    name: 'Taux de réussite au bac pro',
    unit: '%',
    direction: 'hausse' as const,
    periodicity: 'annuelle' as const,
    baseline: 78,
    cible: 85,
    measurements: [
      { period: '2023-2024', value: 79 },
      { period: '2024-2025', value: 81 },
      { period: '2025-2026', value: 86 },
    ],
  },
  {
    name: "Taux d'absentéisme",
    unit: '%',
    direction: 'baisse' as const,
    periodicity: 'mensuelle' as const,
    baseline: 14,
    cible: 8,
    measurements: [
      { period: '2025-10-31', value: 12.5 },
      { period: '2025-11-30', value: 11 },
      { period: '2026-01-31', value: 9.75 },
    ],
  },
  {
    name: 'Entreprises partenaires',
    unit: 'entreprises',
    direction: 'hausse' as const,
    periodicity: 'annuelle' as const,
    baseline: 42,
    cible: 60,
    measurements: [{ period: '2025-2026', value: 57 }],
  },
  {
    name: 'Mobilités Erasmus+',
    unit: 'élèves',
    direction: 'hausse' as const,
    periodicity: 'annuelle' as const,
    baseline: null,
    cible: 20,
    measurements: [{ period: '2025-2026', value: 14 }],
  },
]

/**
 * Writes the action plan and the indicators. `descriptorIds` comes from fillSampleGrid (links to
 * descriptors); `pilotes` are user ids; `now` dates the creations, one minute apart.
 */
export function fillSamplePlan(
  doc: Y.Doc,
  options: {
    descriptorIds: Map<string, string[]>
    pilotes: [string, string, string]
    now?: Date
    frameworkId?: string
  },
): void {
  const frameworkId = options.frameworkId ?? SAMPLE_FRAMEWORK
  const start = (options.now ?? new Date()).getTime()
  SAMPLE_ACTIONS.forEach((sample, i) => {
    const [criterionId = '', index] = sample.link.split('#')
    const item = index === undefined ? criterionId : options.descriptorIds.get(criterionId)?.[Number(index)]
    if (!item) throw new Error(`no descriptor for ${sample.link}`)
    const id = createAction(
      doc,
      {
        title: sample.title,
        links: [linkKey(frameworkId, item)],
        pilote: options.pilotes[sample.pilote],
        echeance: sample.echeance,
      },
      new Date(start + i * 60_000),
    )
    if (sample.bilan) actionText(doc, id, 'bilan').insert(0, sample.bilan)
    if (sample.efficacite) setActionField(doc, id, 'efficacite', sample.efficacite)
    if (sample.etat !== 'a-lancer') setActionState(doc, id, sample.etat)
  })
  SAMPLE_INDICATORS.forEach((sample, i) => {
    const id = createIndicator(
      doc,
      {
        name: sample.name,
        source: 'Pronote, InserJeunes',
        unit: sample.unit,
        periodicity: sample.periodicity,
        direction: sample.direction,
        baseline: sample.baseline,
        cible: sample.cible,
      },
      new Date(start + (SAMPLE_ACTIONS.length + i) * 60_000),
    )
    for (const measurement of sample.measurements) addMeasurement(doc, id, { ...measurement, comment: '' })
  })
}

/**
 * The year before, as its bilan recorded it: criterion 1 lower (en cours), criterion 4 the same
 * (atteint), criterion 6 higher (atteint), criterion 8 not yet positioned.
 */
export function fillPreviousYearGrid(doc: Y.Doc, frameworkId = SAMPLE_FRAMEWORK): void {
  const levels: Record<string, string[]> = {
    'ldm-1': ['en-cours', 'en-cours'],
    'ldm-4': ['atteint', 'atteint'],
    'ldm-6': ['atteint'],
  }
  for (const [criterionId, list] of Object.entries(levels))
    list.forEach((level, i) =>
      setLevel(doc, frameworkId, addDescriptor(doc, frameworkId, criterionId, `Descripteur ${i + 1}`), level),
    )
}

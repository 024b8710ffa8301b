import type { Criterion, Framework } from './types.ts'

const skeleton = (prefix: string, titles: string[]): Criterion[] =>
  titles.map((title, index) => ({
    id: `${prefix}-${index + 1}`,
    number: String(index + 1),
    title,
    shortTitle: title.length > 40 ? `${title.slice(0, 37)}…` : title,
    descriptors: [],
  }))

/** Skeletons of the other labels a lycée may hold (H1), on the 3-level scale. */
export const OTHER_LABELS: readonly Framework[] = [
  {
    id: 'e3d',
    version: 1,
    label: 'Label E3D (établissement en démarche de développement durable)',
    layer: 'label',
    cycleYears: 5,
    scaleId: 'niveaux-3-labels',
    criteria: skeleton('e3d', ['Pilotage', 'Actions pédagogiques et éducatives', 'Gestion durable']),
  },
  {
    id: 'edusante',
    version: 1,
    label: 'Label Édusanté',
    layer: 'label',
    cycleYears: 3,
    scaleId: 'niveaux-3-labels',
    // No national list of Édusanté criteria is shipped: the school enters its académie's.
    criteria: [],
  },
  {
    id: 'egalite-filles-garcons',
    version: 1,
    label: 'Label égalité filles-garçons',
    layer: 'label',
    scaleId: 'niveaux-3-labels',
    criteria: skeleton('egalite', [
      'Pilotage',
      'Formation des personnels',
      'Politique éducative et vie scolaire',
      'Pédagogie mixte et égalitaire',
      'Partenariats et rayonnement',
    ]),
  },
  {
    id: 'euroscol',
    version: 1,
    label: 'Label Euroscol',
    layer: 'label',
    cycleYears: 3,
    scaleId: 'niveaux-3-labels',
    criteria: skeleton('euroscol', [
      'L’ouverture européenne dans le projet d’établissement',
      'Organisation et contexte',
      'Actions menées',
      'Évaluation, valorisation et communication',
    ]),
  },
]

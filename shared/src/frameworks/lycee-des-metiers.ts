import type { Framework } from './types.ts'

/**
 * The national cahier des charges of the Lycée des métiers label: the 8 criteria of
 * art. D335-1 of the code de l'éducation (décret n° 2023-763, exact wording). Each académie adds
 * its own descriptors under these criteria; none are national.
 */
export const LYCEE_DES_METIERS: Framework = {
  id: 'lycee-des-metiers',
  version: 1,
  label: 'Label Lycée des métiers (cahier des charges national, 2023)',
  layer: 'national',
  cycleYears: 5,
  scaleId: 'niveaux-4',
  criteria: [
    {
      id: 'ldm-1',
      number: '1',
      title:
        'Une offre de formations professionnelles construite autour d’un ensemble de métiers et de parcours de formation',
      shortTitle: 'Offre de formations',
      descriptors: [],
    },
    {
      id: 'ldm-2',
      number: '2',
      title: 'L’accueil de publics de statuts différents',
      shortTitle: 'Publics de statuts différents',
      descriptors: [],
    },
    {
      id: 'ldm-3',
      number: '3',
      title: 'Des réponses pédagogiques et des parcours de formation adaptés',
      shortTitle: 'Réponses pédagogiques',
      descriptors: [],
    },
    {
      id: 'ldm-4',
      number: '4',
      title:
        'Un partenariat actif avec le tissu économique local et les organismes de proximité ainsi que les établissements partenaires agissant dans les domaines de la formation professionnelle, de l’orientation et de l’insertion',
      shortTitle: 'Partenariats',
      descriptors: [],
    },
    {
      id: 'ldm-5',
      number: '5',
      title: 'L’organisation d’actions culturelles',
      shortTitle: 'Actions culturelles',
      descriptors: [],
    },
    {
      id: 'ldm-6',
      number: '6',
      title: 'La mise en œuvre d’actions visant à l’ouverture internationale',
      shortTitle: 'Ouverture internationale',
      descriptors: [],
    },
    {
      id: 'ldm-7',
      number: '7',
      title:
        'La mise en place et le suivi d’actions pour prévenir le décrochage scolaire et pour accueillir des jeunes bénéficiant du droit au retour en formation initiale',
      shortTitle: 'Prévention du décrochage',
      descriptors: [],
    },
    {
      id: 'ldm-8',
      number: '8',
      title: 'Une politique active de communication',
      shortTitle: 'Communication',
      descriptors: [],
    },
  ],
}

/**
 * Schools labelled before 2023 may hold grids on the 2016 list: the same criteria without the
 * current criterion 3. Old criterion numbers map to the 2023 criteria ids.
 */
export const LDM_2016_TO_2023: Readonly<Record<string, string>> = {
  '1': 'ldm-1',
  '2': 'ldm-2',
  '3': 'ldm-4',
  '4': 'ldm-5',
  '5': 'ldm-6',
  '6': 'ldm-7',
  '7': 'ldm-8',
}

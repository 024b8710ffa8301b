import type { Scale } from './types.ts'

/**
 * The default 4-level scale (a proposal: no official scale exists). Colours keep 4.5:1 contrast
 * with white text; the pattern fills a circle progressively so the order reads in black and white.
 */
export const DEFAULT_SCALE: Scale = {
  id: 'niveaux-4',
  label: 'Échelle à 4 niveaux',
  levels: [
    {
      id: 'a-initier',
      label: 'À initier',
      description: 'Rien n’est encore engagé, ou des initiatives isolées.',
      color: '#B42318',
      pattern: 'empty',
    },
    {
      id: 'en-cours',
      label: 'En cours',
      description: 'Des actions sont engagées mais partielles ou peu partagées.',
      color: '#9A4A00',
      pattern: 'half',
    },
    {
      id: 'atteint',
      label: 'Atteint',
      description: 'Le descripteur est satisfait et les preuves existent.',
      color: '#1B6E3A',
      pattern: 'three-quarters',
    },
    {
      id: 'consolide',
      label: 'Consolidé',
      description: 'Pratique installée, évaluée et améliorée dans la durée.',
      color: '#1F4E79',
      pattern: 'full',
    },
  ],
}

/** The 3-level scale of the other labels (E3D, Édusanté, égalité filles-garçons…). */
export const THREE_LEVEL_SCALE: Scale = {
  id: 'niveaux-3-labels',
  label: 'Engagement / Approfondissement / Expertise',
  levels: [
    {
      id: 'engagement',
      label: 'Engagement',
      description: 'Premier niveau de labellisation.',
      color: '#9A4A00',
      pattern: 'quarter',
    },
    {
      id: 'approfondissement',
      label: 'Approfondissement',
      description: 'Démarche élargie et structurée.',
      color: '#1B6E3A',
      pattern: 'half',
    },
    {
      id: 'expertise',
      label: 'Expertise',
      description: 'Démarche exemplaire et diffusée.',
      color: '#1F4E79',
      pattern: 'full',
    },
  ],
}

/** For question-type items. */
export const YES_PARTIAL_NO_SCALE: Scale = {
  id: 'oui-partiel-non',
  label: 'Oui / Partiel / Non',
  levels: [
    { id: 'non', label: 'Non', description: 'Non réalisé.', color: '#B42318', pattern: 'cross' },
    { id: 'partiel', label: 'Partiel', description: 'En partie réalisé.', color: '#9A4A00', pattern: 'dash' },
    { id: 'oui', label: 'Oui', description: 'Réalisé.', color: '#1B6E3A', pattern: 'check' },
  ],
}

export const SCALES: readonly Scale[] = [DEFAULT_SCALE, THREE_LEVEL_SCALE, YES_PARTIAL_NO_SCALE]

/**
 * The words of the generated school year (generate-year.ts): what a lycée professionnel's team
 * writes in its autodiagnostic and plan d'action, per criterion of the Lycée des métiers label.
 * Plain data; the generator picks and combines it with a seeded random.
 */

/** One criterion's material: the académie's descriptors, its topics, its actions. */
export interface CriterionTexts {
  descriptors: string[]
  /** Noun phrases, lowercase, used in sentences (« {topic} concerne… »). */
  topics: string[]
  /** Action titles; the generator adds a public or a filière to vary them. */
  actions: string[]
  /** A synthesis paragraph, written at the end of the year. */
  synthesis: string[]
}

export const CRITERIA_TEXTS: Record<string, CriterionTexts> = {
  'ldm-1': {
    descriptors: [
      'L’offre de formation est cohérente avec un ensemble de métiers identifié et lisible',
      'Les parcours du CAP au BTS sont construits et présentés aux familles',
      'Des passerelles entre formations sont organisées et utilisées',
      'L’offre évolue en fonction des besoins du bassin d’emploi',
      'La formation continue des adultes (GRETA) s’appuie sur les plateaux techniques',
      'Les mentions complémentaires et formations post-bac complètent les parcours',
      'L’apprentissage est proposé dans plusieurs formations',
    ],
    topics: [
      'la carte des formations',
      'le parcours du CAP au BTS',
      'les passerelles entre filières',
      'la mixité des parcours',
      'l’offre post-bac',
    ],
    actions: [
      'Cartographier les parcours de formation du CAP au BTS',
      'Ouvrir une mention complémentaire en lien avec les entreprises du bassin',
      'Présenter les parcours aux familles lors des portes ouvertes',
      'Formaliser les passerelles entre Bac Pro et BTS',
      'Étudier l’ouverture d’une section d’apprentissage',
    ],
    synthesis: [
      'L’offre de formation est lisible et organisée autour des métiers de l’établissement.',
      'Les passerelles existent mais restent peu utilisées par les élèves.',
      'L’ouverture de la mention complémentaire est la priorité de l’an prochain.',
    ],
  },
  'ldm-2': {
    descriptors: [
      'Élèves, apprentis et stagiaires de la formation continue sont accueillis dans l’établissement',
      'Les parcours mixtes (scolaire puis apprentissage) sont organisés',
      'Les équipes sont formées à l’accueil de publics différents',
      'Les emplois du temps permettent la mixité des publics',
      'Les apprentis bénéficient de l’ensemble des services de l’établissement',
      'Le suivi individuel des apprentis est assuré avec les maîtres d’apprentissage',
    ],
    topics: [
      'l’accueil des apprentis',
      'la mixité des publics',
      'le parcours mixte',
      'le suivi des stagiaires du GRETA',
    ],
    actions: [
      'Mettre en place un livret d’accueil commun aux élèves et aux apprentis',
      'Former les équipes à la pédagogie en groupes mixtes',
      'Organiser une rencontre annuelle avec les maîtres d’apprentissage',
      'Adapter les emplois du temps aux publics mixtes',
      'Créer un référent mixité des publics',
    ],
    synthesis: [
      'La mixité des publics progresse, portée par l’UFA et le GRETA.',
      'Le suivi des apprentis reste inégal selon les filières.',
    ],
  },
  'ldm-3': {
    descriptors: [
      'Les besoins des élèves sont repérés dès l’entrée en formation',
      'L’accompagnement personnalisé répond aux besoins identifiés',
      'La co-intervention et le chef-d’œuvre sont mis en œuvre dans toutes les filières',
      'Le parcours différencié de terminale est organisé',
      'Les élèves à besoins éducatifs particuliers bénéficient d’aménagements',
      'Les enseignements en classes réduites sont organisés',
    ],
    topics: [
      'le positionnement d’entrée',
      'l’accompagnement personnalisé',
      'la co-intervention',
      'le chef-d’œuvre',
      'le parcours différencié de terminale',
    ],
    actions: [
      'Généraliser les tests de positionnement en seconde',
      'Construire des groupes de besoin en français et en mathématiques',
      'Mutualiser les projets de chef-d’œuvre entre filières',
      'Organiser le parcours différencié de terminale (stage ou poursuite d’études)',
      'Former les équipes à la différenciation pédagogique',
    ],
    synthesis: [
      'Les réponses pédagogiques se structurent : positionnement, groupes de besoin, chef-d’œuvre.',
      'La co-intervention reste fragile quand les binômes changent.',
    ],
  },
  'ldm-4': {
    descriptors: [
      'Des partenariats formalisés avec les entreprises du bassin',
      'Les branches professionnelles et les chambres consulaires sont associées',
      'Le bureau des entreprises coordonne les relations avec le monde économique',
      'Les PFMP sont préparées, suivies et évaluées avec les tuteurs',
      'L’établissement travaille avec la mission locale et France Travail',
      'Des professionnels interviennent dans les formations',
    ],
    topics: [
      'le bureau des entreprises',
      'les conventions de partenariat',
      'le suivi des PFMP',
      'les interventions de professionnels',
      'le réseau des anciens élèves',
    ],
    actions: [
      'Signer des conventions avec les entreprises du bassin',
      'Créer un annuaire partagé des entreprises d’accueil',
      'Organiser un forum des métiers avec les branches professionnelles',
      'Former les tuteurs de PFMP à l’évaluation par compétences',
      'Animer le réseau des anciens élèves',
    ],
    synthesis: [
      'Le bureau des entreprises a donné de la cohérence aux partenariats.',
      'Les PFMP sont mieux suivies ; l’évaluation avec les tuteurs reste à harmoniser.',
    ],
  },
  'ldm-5': {
    descriptors: [
      'Un volet culturel est inscrit au projet d’établissement',
      'Chaque élève bénéficie d’au moins une action culturelle par an',
      'Des partenariats avec les structures culturelles locales existent',
      'Le pass Culture est utilisé dans les projets de classe',
      'Les productions culturelles des élèves sont valorisées',
      'Un référent culture anime le volet culturel',
    ],
    topics: [
      'le volet culturel',
      'les sorties au théâtre',
      'le pass Culture',
      'la résidence d’artiste',
      'l’exposition des chefs-d’œuvre',
    ],
    actions: [
      'Monter une résidence d’artiste en lien avec les métiers du bois',
      'Programmer une sortie culturelle par classe et par an',
      'Exposer les chefs-d’œuvre à la médiathèque',
      'Utiliser la part collective du pass Culture',
      'Créer un club théâtre sur la pause méridienne',
    ],
    synthesis: [
      'Les actions culturelles touchent désormais toutes les classes.',
      'La valorisation des productions des élèves reste à développer.',
    ],
  },
  'ldm-6': {
    descriptors: [
      'L’ouverture internationale est inscrite au projet d’établissement',
      'Des mobilités Erasmus+ sont proposées aux élèves et aux personnels',
      'Les périodes de formation à l’étranger sont reconnues (Europass)',
      'Des partenariats avec des établissements étrangers existent',
      'Les langues vivantes sont mobilisées dans les enseignements professionnels',
      'Une section européenne ou une certification en langue est proposée',
    ],
    topics: [
      'les mobilités Erasmus+',
      'l’accréditation Erasmus',
      'l’Europass mobilité',
      'le partenariat avec le lycée de Valence (Espagne)',
      'la section européenne',
    ],
    actions: [
      'Préparer le dossier d’accréditation Erasmus+',
      'Organiser des PFMP à l’étranger pour les terminales',
      'Accueillir des élèves d’un établissement partenaire',
      'Délivrer l’Europass mobilité à chaque élève parti',
      'Développer l’enseignement de DNL en anglais',
    ],
    synthesis: [
      'Les mobilités ont repris et concernent trois filières.',
      'La charge repose sur peu de collègues : l’accréditation doit la partager.',
    ],
  },
  'ldm-7': {
    descriptors: [
      'Les signes de décrochage sont repérés tôt (GPDS)',
      'Des réponses individualisées sont proposées aux élèves repérés',
      'Les jeunes revenant en formation (droit au retour) sont accueillis et suivis',
      'Les familles sont associées à la prévention du décrochage',
      'Les changements d’orientation sont accompagnés',
      'Le partenariat avec la mission locale et la MLDS est actif',
    ],
    topics: [
      'le groupe de prévention du décrochage scolaire',
      'le tutorat des élèves fragiles',
      'le droit au retour en formation',
      'le suivi de l’absentéisme',
      'les entretiens de situation',
    ],
    actions: [
      'Réunir le GPDS toutes les trois semaines',
      'Mettre en place un tutorat par des adultes volontaires',
      'Formaliser l’accueil des jeunes en droit au retour',
      'Appeler les familles dès la deuxième demi-journée d’absence',
      'Proposer des stages de remobilisation avec la MLDS',
    ],
    synthesis: [
      'Le repérage est solide ; les réponses restent à diversifier.',
      'Le taux d’interruption en seconde baisse pour la deuxième année.',
    ],
  },
  'ldm-8': {
    descriptors: [
      'Une stratégie de communication est définie et partagée',
      'Le site et les réseaux sociaux valorisent les formations et les réussites',
      'Les portes ouvertes et mini-stages sont organisés avec les collèges',
      'La communication interne informe l’ensemble des personnels',
      'Le label est visible dans les documents de l’établissement',
      'Les entreprises partenaires relaient la communication',
    ],
    topics: [
      'le site de l’établissement',
      'les réseaux sociaux',
      'les portes ouvertes',
      'les mini-stages des collégiens',
      'la lettre d’information interne',
    ],
    actions: [
      'Refondre la page des formations du site',
      'Publier chaque mois une réussite d’élève sur les réseaux sociaux',
      'Organiser les mini-stages avec les collèges du secteur',
      'Créer une lettre d’information interne mensuelle',
      'Afficher le label sur tous les supports de l’établissement',
    ],
    synthesis: [
      'La communication externe s’est professionnalisée.',
      'La communication interne reste le point faible signalé par les équipes.',
    ],
  },
}

export const FILIERES = [
  'Bac Pro Métiers de l’électricité',
  'Bac Pro Maintenance des véhicules',
  'CAP Cuisine',
  'Bac Pro Commerce et vente',
  'BTS Management commercial opérationnel',
  'CAP Menuisier fabricant',
  'Bac Pro ASSP',
  'Bac Pro Technicien d’usinage',
]

export const PUBLICS = ['les secondes', 'les premières', 'les terminales', 'les CAP', 'les apprentis']

export const PARTNERS = [
  'la CCI',
  'la chambre de métiers',
  'le GRETA',
  'le CFA académique',
  'la mission locale',
  'France Travail',
  'la médiathèque municipale',
  'l’UIMM',
]

export const MONTHS = ['septembre', 'octobre', 'novembre', 'décembre', 'janvier', 'février', 'mars']

const NBSP = '\u00a0'
/**
 * French typography and grammar for assembled sentences: contractions (« de le » → « du »…) and
 * a non-breaking space before « : ; ! ? ».
 */
export const fr = (text: string) =>
  text
    .replace(/\bde le\b/g, 'du')
    .replace(/\bde les\b/g, 'des')
    .replace(/\bà le\b/g, 'au')
    .replace(/\bà les\b/g, 'aux')
    .replace(/ ([:;!?])/g, `${NBSP}$1`)

type Pick = <T>(items: readonly T[]) => T

export interface Words {
  pick: Pick
  int: (min: number, max: number) => number
}

export const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** One sentence of constats about a topic. */
export function constat({ pick, int }: Words, topic: string): string {
  const n = int(12, 140)
  return fr(
    pick([
      `${n} élèves sont concernés par ${topic} cette année, contre ${Math.max(1, n - int(-15, 30))} l’an dernier.`,
      `Le bilan de l’an dernier montre que, pour ${topic}, tout repose encore sur quelques collègues.`,
      `Le projet d’établissement mentionne ${topic} depuis ${int(2017, 2023)}.`,
      `Les comptes rendus des conseils pédagogiques évoquent ${topic} à ${int(2, 6)} reprises.`,
      `Un état des lieux a été fait en ${pick(MONTHS)} avec l’équipe de ${pick(FILIERES)}.`,
      `En ${pick(FILIERES)}, le travail sur ${topic} fonctionne bien ; ailleurs il reste ponctuel.`,
      `Le questionnaire aux élèves (${int(60, 380)} réponses) cite ${topic} parmi les points à améliorer.`,
    ]),
  )
}

export function pointFort({ pick }: Words, topic: string): string {
  return fr(
    pick([
      `Une équipe motivée autour de ${topic}, avec un référent identifié.`,
      `Des partenaires fidèles : ${pick(PARTNERS)} et ${pick(PARTNERS)}.`,
      `Les retours des élèves de ${pick(FILIERES)} sont très positifs.`,
      `Les portes ouvertes présentent ${topic} aux familles.`,
      `Un temps de concertation hebdomadaire est prévu à l’emploi du temps.`,
      `Le soutien de la direction et du DDFPT est clair.`,
    ]),
  )
}

export function vigilance({ pick, int }: Words, topic: string): string {
  return fr(
    pick([
      `La charge repose sur ${int(2, 4)} personnes : risque si l’une d’elles part.`,
      `Le suivi de ${topic} n’est pas encore formalisé.`,
      `Peu de traces écrites : les preuves restent à rassembler.`,
      `${cap(pick(PUBLICS))} sont moins concernés que les autres élèves.`,
      `Le calendrier des PFMP limite ce qui est possible au troisième trimestre.`,
      `Le financement n’est assuré que pour cette année.`,
    ]),
  )
}

export function preuveLabel({ pick, int }: Words, topic: string): { label: string; ref: string } {
  const day = int(1, 28)
  const month = pick(MONTHS)
  const axis = int(1, 4)
  const slug = topic
    .normalize('NFD')
    .replace(/[^a-zA-Z ]/g, '')
    .trim()
    .toLowerCase()
    .replace(/ +/g, '-')
  return pick([
    { label: `Compte rendu du conseil pédagogique du ${day} ${month}`, ref: `cr-cp-${day}-${month}` },
    { label: fr(`Tableau de suivi : ${topic}`), ref: `suivi-${slug}` },
    { label: `Article du site sur ${topic}`, ref: `actualites/${slug}` },
    { label: `Projet d’établissement, axe ${axis}`, ref: `projet-etablissement#axe-${axis}` },
    { label: fr(`Bilan chiffré : ${topic}`), ref: `bilans/${slug}.pdf` },
  ])
}

export const ACTEURS = [
  'Professeurs d’enseignement professionnel',
  'DDFPT',
  'CPE',
  'Professeur principal',
  'Psychologue de l’Éducation nationale',
  'Référent culture',
  'Référent mobilité',
  'Infirmière scolaire',
  'Documentaliste',
  'Chargée du bureau des entreprises',
]

export const RESULTS = [
  'les objectifs sont atteints et l’action sera reconduite',
  'les objectifs sont atteints en partie ; le calendrier est à revoir',
  'la participation a été plus faible que prévu',
  'les retours des élèves et des tuteurs sont très positifs',
  'l’action a fait évoluer les pratiques de l’équipe',
]

/** Indicators of the school's own, beside those of the catalogue. */
export const CUSTOM_INDICATORS: Array<{
  name: string
  unit: string
  source: string
  direction: 'hausse' | 'baisse'
  base: number
  criterion: string
}> = [
  {
    name: 'Conventions de partenariat signées',
    unit: 'conventions',
    source: 'Bureau des entreprises',
    direction: 'hausse',
    base: 14,
    criterion: 'ldm-4',
  },
  {
    name: 'PFMP trouvées par les élèves eux-mêmes',
    unit: '%',
    source: 'Suivi des PFMP',
    direction: 'hausse',
    base: 48,
    criterion: 'ldm-4',
  },
  {
    name: 'Professionnels intervenus en classe',
    unit: 'interventions',
    source: 'DDFPT',
    direction: 'hausse',
    base: 22,
    criterion: 'ldm-4',
  },
  {
    name: 'Élèves en parcours de consolidation',
    unit: 'élèves',
    source: 'Vie scolaire',
    direction: 'hausse',
    base: 9,
    criterion: 'ldm-7',
  },
  {
    name: 'Jeunes accueillis en droit au retour',
    unit: 'jeunes',
    source: 'MLDS',
    direction: 'hausse',
    base: 4,
    criterion: 'ldm-7',
  },
  {
    name: 'Heures de co-intervention réalisées',
    unit: 'heures',
    source: 'Emplois du temps',
    direction: 'hausse',
    base: 610,
    criterion: 'ldm-3',
  },
  {
    name: 'Élèves ayant une certification en langue',
    unit: 'élèves',
    source: 'Référent mobilité',
    direction: 'hausse',
    base: 11,
    criterion: 'ldm-6',
  },
  {
    name: 'Visiteurs aux portes ouvertes',
    unit: 'visiteurs',
    source: 'Accueil',
    direction: 'hausse',
    base: 420,
    criterion: 'ldm-8',
  },
  {
    name: 'Collégiens accueillis en mini-stage',
    unit: 'collégiens',
    source: 'Secrétariat de direction',
    direction: 'hausse',
    base: 160,
    criterion: 'ldm-8',
  },
  {
    name: 'Publications sur les réseaux sociaux',
    unit: 'publications',
    source: 'Chargé de communication',
    direction: 'hausse',
    base: 35,
    criterion: 'ldm-8',
  },
  {
    name: 'Apprentis en fin de parcours mixte diplômés',
    unit: '%',
    source: 'UFA',
    direction: 'hausse',
    base: 71,
    criterion: 'ldm-2',
  },
  {
    name: 'Élèves ayant vu un spectacle dans l’année',
    unit: '%',
    source: 'Référent culture',
    direction: 'hausse',
    base: 55,
    criterion: 'ldm-5',
  },
  {
    name: 'Exclusions temporaires',
    unit: 'exclusions',
    source: 'Vie scolaire',
    direction: 'baisse',
    base: 38,
    criterion: 'ldm-7',
  },
]

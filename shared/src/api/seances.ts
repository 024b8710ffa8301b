import * as v from 'valibot'
import { isSchoolYear } from '../document-names.ts'
import { IdSchema, IsoDateTimeSchema } from './common.ts'

/**
 * Live workshop sessions (séances, A1): a facilitator opens one in a school year with an agenda;
 * participants join with a short code shown on the projector.
 */
export const SEANCE_KINDS = [
  'conseil-pedagogique',
  'groupe-qualite',
  'conseil-administration',
  'autre',
] as const
export const SEANCE_KIND_LABELS_FR: Record<(typeof SEANCE_KINDS)[number], string> = {
  'conseil-pedagogique': 'Conseil pédagogique',
  'groupe-qualite': 'Groupe de travail qualité',
  'conseil-administration': 'Conseil d’administration',
  autre: 'Autre réunion',
}

/** What an agenda step works on: a criterion (or some of its descriptors), the idea board, the plan. */
export const SEANCE_STEP_KINDS = ['criterion', 'ideas', 'plan'] as const

/** Join codes avoid letters and digits read alike from the back of a room (I/1, O/0). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const JOIN_CODE_LENGTH = 6

export const SeanceStepSchema = v.object({
  kind: v.picklist(SEANCE_STEP_KINDS, 'type d’étape inconnu'),
  title: v.pipe(
    v.string('titre attendu'),
    v.trim(),
    v.minLength(1, 'chaque étape a un titre'),
    v.maxLength(200),
  ),
  /** `<frameworkId>/<criterionId>` for a criterion step. */
  target: v.optional(v.pipe(v.string(), v.maxLength(120))),
  /** Descriptor ids of that criterion, when the step covers only some. */
  descriptorIds: v.optional(v.array(v.pipe(v.string(), v.maxLength(64)))),
})
export type SeanceStep = v.InferOutput<typeof SeanceStepSchema>

export const SeanceCreateSchema = v.object({
  title: v.pipe(
    v.string('titre attendu'),
    v.trim(),
    v.minLength(1, 'le titre de la séance est obligatoire'),
    v.maxLength(200, 'titre trop long'),
  ),
  kind: v.picklist(SEANCE_KINDS, 'type de séance inconnu'),
  guestsAllowed: v.boolean('indiquez si des invités sans compte peuvent rejoindre'),
  steps: v.pipe(
    v.array(SeanceStepSchema),
    v.minLength(1, 'l’ordre du jour compte au moins une étape'),
    v.maxLength(30, 'trente étapes au plus'),
  ),
})
export type SeanceCreateInput = v.InferInput<typeof SeanceCreateSchema>

export const SeanceSchema = v.object({
  id: IdSchema,
  etablissementId: IdSchema,
  schoolYear: v.string(),
  title: v.string(),
  kind: v.picklist(SEANCE_KINDS),
  code: v.string(),
  status: v.picklist(['ouverte', 'terminee']),
  guestsAllowed: v.boolean(),
  steps: v.array(SeanceStepSchema),
  createdBy: v.string(),
  createdAt: IsoDateTimeSchema,
  endedAt: v.nullable(IsoDateTimeSchema),
})
export type Seance = v.InferOutput<typeof SeanceSchema>

export const SeanceParamSchema = v.object({
  etablissementId: IdSchema,
  schoolYear: v.pipe(v.string(), v.check(isSchoolYear, 'année scolaire attendue, par exemple 2025-2026')),
})
export const SeanceIdParamSchema = v.object({ ...SeanceParamSchema.entries, seanceId: IdSchema })

/** Typed on a phone: case and spaces do not matter ("abc 234" is ABC234). */
export const JoinCodeSchema = v.object({
  code: v.pipe(
    v.string('code attendu'),
    v.transform((code) => code.replace(/[\s-]/g, '').toUpperCase()),
    v.regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`), 'code de six caractères attendu'),
  ),
})

/** A display name typed by a guest on the join page. */
export const GuestNameSchema = v.pipe(
  v.string('nom attendu'),
  v.trim(),
  v.minLength(1, 'indiquez votre nom'),
  v.maxLength(60, 'nom trop long (60 caractères au plus)'),
)

/** Joining: the code, and a name when joining as a guest without an account. */
export const JoinSchema = v.object({ ...JoinCodeSchema.entries, name: v.optional(GuestNameSchema) })

export const SeanceRefParamSchema = v.object({ seanceId: IdSchema })

const stepIndex = v.pipe(v.number('numéro d’étape attendu'), v.integer(), v.minValue(0), v.maxValue(29))
const shortId = v.pipe(v.string('identifiant attendu'), v.minLength(1), v.maxLength(64))
const seconds = v.pipe(v.number('durée attendue'), v.integer(), v.minValue(1), v.maxValue(4 * 3600))

/**
 * What a facilitator can ask of the séance: one endpoint, one union, one permission check on the
 * server. `type` names the command in French, as the API's other words are.
 */
export const SeanceCommandSchema = v.variant('type', [
  v.object({ type: v.literal('etape'), index: stepIndex }),
  v.object({ type: v.literal('rassembler'), descriptorId: v.optional(v.nullable(shortId)) }),
  v.object({ type: v.literal('minuteur-demarrer'), seconds }),
  v.object({ type: v.literal('minuteur-pause') }),
  v.object({ type: v.literal('minuteur-reprendre') }),
  v.object({ type: v.literal('minuteur-ajouter'), seconds }),
  v.object({ type: v.literal('minuteur-arreter') }),
  v.object({ type: v.literal('verrou'), index: stepIndex, locked: v.boolean() }),
  v.object({
    type: v.literal('positionnement-ouvrir'),
    descriptorId: shortId,
    anonymous: v.optional(v.boolean(), false),
  }),
  v.object({ type: v.literal('positionnement-reveler') }),
  v.object({ type: v.literal('positionnement-annuler') }),
  v.object({
    type: v.literal('positionnement-consensus'),
    levelId: shortId,
    dissent: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000, 'note de désaccord trop longue')), ''),
  }),
  v.object({ type: v.literal('idees-anonymes'), anonymous: v.boolean() }),
  v.object({
    type: v.literal('vote-ouvrir'),
    perPerson: v.pipe(v.number('nombre de votes attendu'), v.integer(), v.minValue(1), v.maxValue(12)),
  }),
  v.object({ type: v.literal('vote-clore') }),
  v.object({ type: v.literal('idee-grouper'), ideaId: shortId, groupWith: v.nullable(shortId) }),
  v.object({ type: v.literal('idee-supprimer'), ideaId: shortId }),
  v.object({ type: v.literal('idee-action'), ideaId: shortId }),
  v.object({ type: v.literal('animateur-ajouter'), userId: IdSchema }),
  v.object({ type: v.literal('animateur-passer-la-main'), userId: IdSchema }),
])
export type SeanceCommand = v.InferOutput<typeof SeanceCommandSchema>

export const RatingInputSchema = v.object({ roundId: shortId, levelId: v.nullable(shortId) })

export const IdeaInputSchema = v.object({
  column: v.picklist(['forces', 'vigilance', 'propositions'], 'colonne inconnue'),
  text: v.pipe(
    v.string('texte attendu'),
    v.trim(),
    v.minLength(1, 'la note est vide'),
    v.maxLength(280, 'une note tient en 280 caractères'),
  ),
})

export const VotesInputSchema = v.object({
  stepIndex,
  ideaIds: v.pipe(v.array(shortId), v.maxLength(12, 'douze votes au plus')),
})

/** Who I am in the séance, and what only I may see: my pending rating, my votes. */
export const SeanceMeSchema = v.object({
  seance: v.object({
    id: IdSchema,
    etablissementId: IdSchema,
    schoolYear: v.string(),
    title: v.string(),
    code: v.string(),
    status: v.picklist(['ouverte', 'terminee']),
    documentName: v.string(),
  }),
  participant: v.object({
    key: v.string(),
    name: v.string(),
    guest: v.boolean(),
    facilitator: v.boolean(),
  }),
  /** My level in the step's open round, if I rated. */
  rating: v.nullable(v.object({ roundId: v.string(), levelId: v.string() })),
  /** My votes, per idea board step. */
  votes: v.record(v.string(), v.array(v.string())),
  /** The server's clock (epoch ms), to show the timer right on a phone whose clock is off. */
  serverTime: v.number(),
})
export type SeanceMe = v.InferOutput<typeof SeanceMeSchema>

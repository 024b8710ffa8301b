import * as v from 'valibot'
import { IsoDateTimeSchema } from './common.ts'

const Slug = v.pipe(
  v.string('identifiant attendu'),
  v.regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'identifiant : lettres minuscules, chiffres et tirets'),
)
const Text = (max: number, what: string) =>
  v.pipe(
    v.string(`${what} attendu`),
    v.trim(),
    v.minLength(1, `${what} obligatoire`),
    v.maxLength(max, `${what} trop long (${max} caractères au plus)`),
  )

export const LevelSchema = v.object({
  id: Slug,
  label: Text(40, 'libellé'),
  description: v.optional(v.pipe(v.string(), v.maxLength(300)), ''),
  color: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'couleur au format #RRGGBB')),
  pattern: v.picklist(
    ['empty', 'quarter', 'half', 'three-quarters', 'full', 'cross', 'dash', 'check'],
    'motif inconnu',
  ),
})

export const ScaleSchema = v.object({
  id: Slug,
  label: Text(80, 'nom de l’échelle'),
  levels: v.pipe(
    v.array(LevelSchema),
    v.minLength(2, 'au moins 2 niveaux'),
    v.maxLength(7, 'au plus 7 niveaux'),
  ),
})

export const DescriptorSchema = v.object({
  id: Slug,
  text: Text(600, 'texte du descripteur'),
  expectations: v.optional(v.pipe(v.string(), v.maxLength(2000)), ''),
})

export const CriterionSchema = v.object({
  id: Slug,
  number: Text(8, 'numéro'),
  title: Text(400, 'intitulé'),
  shortTitle: Text(60, 'titre court'),
  descriptors: v.pipe(v.array(DescriptorSchema), v.maxLength(60, 'au plus 60 descripteurs par critère')),
})

const unique = (ids: string[]) => new Set(ids).size === ids.length

/** A framework as a school defines or imports it: its criteria, descriptors and scale. */
export const FrameworkDefinitionSchema = v.pipe(
  v.object({
    id: Slug,
    label: Text(160, 'nom du référentiel'),
    cycleYears: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10))),
    scale: ScaleSchema,
    // May be empty: a label's skeleton (Édusanté) waits for the criteria of the school's académie.
    criteria: v.pipe(v.array(CriterionSchema), v.maxLength(30)),
  }),
  v.check((f) => unique(f.scale.levels.map((l) => l.id)), 'deux niveaux ont le même identifiant'),
  v.check((f) => unique(f.criteria.map((c) => c.id)), 'deux critères ont le même identifiant'),
  v.check(
    (f) => unique(f.criteria.flatMap((c) => c.descriptors.map((d) => d.id))),
    'deux descripteurs ont le même identifiant',
  ),
)
export type FrameworkDefinition = v.InferOutput<typeof FrameworkDefinitionSchema>

/** One version of a framework in an établissement's library. */
export const FrameworkVersionSchema = v.object({
  id: v.string(),
  version: v.number(),
  label: v.string(),
  /** `shipped`: as Rouages ships it; `etablissement`: a version the school saved. */
  source: v.picklist(['shipped', 'etablissement']),
  createdAt: v.nullable(IsoDateTimeSchema),
  createdBy: v.nullable(v.string()),
  definition: FrameworkDefinitionSchema,
})
export type FrameworkVersion = v.InferOutput<typeof FrameworkVersionSchema>

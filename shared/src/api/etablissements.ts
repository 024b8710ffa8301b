import * as v from 'valibot'
import { ACADEMIES, ETABLISSEMENT_TYPES } from '../academies.ts'
import { ROLES } from '../roles.ts'
import { EmailSchema, IdSchema, IsoDateTimeSchema } from './common.ts'

/** UAI (unité administrative immatriculée): 7 digits and a letter, e.g. 0420034J. */
export const UaiSchema = v.pipe(
  v.string('UAI attendu'),
  v.trim(),
  v.toUpperCase(),
  v.regex(/^\d{7}[A-Z]$/, 'le code UAI compte 7 chiffres suivis d’une lettre (ex. 0420034J)'),
)

export const EtablissementCreateSchema = v.object({
  uai: UaiSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(2, 'le nom est obligatoire'), v.maxLength(160)),
  academie: v.picklist(ACADEMIES, 'académie inconnue'),
  type: v.optional(v.picklist(ETABLISSEMENT_TYPES, 'type inconnu'), 'LP'),
})
export type EtablissementCreateInput = v.InferInput<typeof EtablissementCreateSchema>

export const EtablissementSchema = v.object({
  id: IdSchema,
  uai: v.string(),
  name: v.string(),
  academie: v.string(),
  type: v.string(),
  createdAt: IsoDateTimeSchema,
  /** The caller's role in it. */
  role: v.picklist(ROLES),
})
export type Etablissement = v.InferOutput<typeof EtablissementSchema>

export const EtablissementIdParamSchema = v.object({ etablissementId: IdSchema })

export const MemberSchema = v.object({
  userId: IdSchema,
  email: v.string(),
  displayName: v.string(),
  role: v.picklist(ROLES),
  joinedAt: IsoDateTimeSchema,
})
export type Member = v.InferOutput<typeof MemberSchema>

export const MemberParamSchema = v.object({ etablissementId: IdSchema, userId: IdSchema })
export const MemberRoleSchema = v.object({ role: v.picklist(ROLES, 'rôle inconnu') })

export const InvitationCreateSchema = v.object({
  /** Absent: an invitation link anyone holding it may use once. */
  email: v.optional(EmailSchema),
  role: v.picklist(ROLES, 'rôle inconnu'),
  expiresInDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)), 14),
})
export type InvitationCreateInput = v.InferInput<typeof InvitationCreateSchema>

export const InvitationSchema = v.object({
  id: IdSchema,
  email: v.nullable(v.string()),
  role: v.picklist(ROLES),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
  createdBy: v.string(),
  /** Only in the answer to its creation: the link is shown once and never stored in clear. */
  link: v.optional(v.string()),
})
export type Invitation = v.InferOutput<typeof InvitationSchema>

export const InvitationParamSchema = v.object({ etablissementId: IdSchema, invitationId: IdSchema })

/** GET /api/invitations/:token — what the person following the link sees before accepting. */
export const InvitationPreviewSchema = v.object({
  etablissement: v.object({ name: v.string(), uai: v.string(), academie: v.string() }),
  role: v.picklist(ROLES),
  email: v.nullable(v.string()),
  expiresAt: IsoDateTimeSchema,
})
export type InvitationPreview = v.InferOutput<typeof InvitationPreviewSchema>

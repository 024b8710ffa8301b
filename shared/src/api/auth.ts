import * as v from 'valibot'
import { ROLES } from '../roles.ts'
import { DisplayNameSchema, EmailSchema, IdSchema, PasswordSchema, TokenSchema } from './common.ts'

export const SignupSchema = v.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: DisplayNameSchema,
  /** Set when signing up from an e-mail invitation: it proves the address, no confirmation mail. */
  invitationToken: v.optional(TokenSchema),
})
export type SignupInput = v.InferInput<typeof SignupSchema>

export const LoginSchema = v.object({
  email: EmailSchema,
  password: v.pipe(v.string(), v.maxLength(200)),
})
export type LoginInput = v.InferInput<typeof LoginSchema>

export const VerifyEmailSchema = v.object({ token: TokenSchema })

export const PasswordResetRequestSchema = v.object({ email: EmailSchema })

export const PasswordResetConfirmSchema = v.object({ token: TokenSchema, password: PasswordSchema })

export const PasswordChangeSchema = v.object({
  currentPassword: v.pipe(v.string(), v.maxLength(200)),
  newPassword: PasswordSchema,
})

export const UserSchema = v.object({
  id: IdSchema,
  email: v.string(),
  displayName: v.string(),
})
export type User = v.InferOutput<typeof UserSchema>

export const MembershipSummarySchema = v.object({
  etablissement: v.object({ id: IdSchema, uai: v.string(), name: v.string(), academie: v.string() }),
  role: v.picklist(ROLES),
})
export type MembershipSummary = v.InferOutput<typeof MembershipSummarySchema>

/** GET /api/auth/me */
export const MeSchema = v.object({
  user: UserSchema,
  memberships: v.array(MembershipSummarySchema),
})
export type Me = v.InferOutput<typeof MeSchema>

/**
 * The answer to sign-up and reset requests. It is the same whether or not the address has an
 * account, so that it reveals nothing; `signedIn` is true only when a session was opened at once
 * (first account of a new installation, or an e-mail invitation that proves the address).
 */
export const AcceptedSchema = v.object({
  status: v.literal('accepted'),
  message: v.string(),
  signedIn: v.boolean(),
})
export type Accepted = v.InferOutput<typeof AcceptedSchema>

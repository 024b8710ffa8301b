import * as v from 'valibot'

/** The JSON body of every API error: `{ error: { status, code, message } }`. */
export const ApiErrorSchema = v.object({
  error: v.object({
    status: v.number(),
    /** Stable identifier for programs, e.g. `invalid-credentials`, `rate-limited`, `validation`. */
    code: v.string(),
    /** A sentence in French for people. */
    message: v.string(),
    /** For imports: each bad line (CSV) or path (JSON) and field, with its message. */
    problems: v.optional(
      v.array(v.object({ line: v.optional(v.number()), field: v.string(), message: v.string() })),
    ),
  }),
})
export type ApiError = v.InferOutput<typeof ApiErrorSchema>

/** Identifiers the server generates: lowercase base32, 16 to 32 characters. */
export const IdSchema = v.pipe(v.string(), v.regex(/^[a-z2-7]{16,32}$/, 'identifiant invalide'))

export const EmailSchema = v.pipe(
  v.string('adresse e-mail attendue'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, 'adresse e-mail trop longue'),
  v.email('adresse e-mail invalide'),
)

/** Passwords: long rather than complicated (ANSSI/NIST guidance), bounded to stop hashing abuse. */
export const PasswordSchema = v.pipe(
  v.string('mot de passe attendu'),
  v.minLength(10, 'le mot de passe doit compter au moins 10 caractères'),
  v.maxLength(200, 'le mot de passe doit compter au plus 200 caractères'),
)

export const DisplayNameSchema = v.pipe(
  v.string('nom attendu'),
  v.trim(),
  v.minLength(1, 'le nom est obligatoire'),
  v.maxLength(80, 'le nom doit compter au plus 80 caractères'),
)

/** An opaque token from an e-mailed link or an invitation link. */
export const TokenSchema = v.pipe(v.string(), v.regex(/^[a-z2-7]{32,64}$/, 'lien invalide ou incomplet'))

export const IsoDateTimeSchema = v.pipe(v.string(), v.isoTimestamp())

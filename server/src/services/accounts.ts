import type { Kysely } from 'kysely'
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../auth/password.ts'
import type { SessionStore, SessionUser } from '../auth/sessions.ts'
import { generateId, generateToken, hashToken } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { Database } from '../storage/schema.ts'
import type { Invitations } from './invitations.ts'

const VERIFY_TTL_MS = 48 * 3600_000
const RESET_TTL_MS = 3600_000
type TokenPurpose = 'verify-email' | 'reset-password'

export interface AccountsDeps {
  db: Kysely<Database>
  sessions: SessionStore
  mailer: Mailer
  invitations: Invitations
  now: () => Date
}

/** Sign-up, e-mail confirmation, login, password reset and change (G1). */
export class Accounts {
  readonly #d: AccountsDeps

  constructor(deps: AccountsDeps) {
    this.#d = deps
  }

  /**
   * Creates an account. Answers the same whether or not the address is taken; the account can sign
   * in at once only when nothing can leak (first account of the installation) or when an e-mail
   * invitation proves the address. Otherwise a confirmation link is mailed.
   */
  async signup(
    input: { email: string; password: string; displayName: string; invitationToken?: string | undefined },
    baseUrl: string,
  ): Promise<{ userId: string | undefined }> {
    const { db, now } = this.#d
    const existing = await db
      .selectFrom('app_user')
      .select(['id', 'email_verified_at'])
      .where('email', '=', input.email)
      .executeTakeFirst()
    if (existing) {
      await this.#d.mailer.send({
        to: input.email,
        subject: 'Rouages : vous avez déjà un compte',
        text: `Quelqu'un (peut-être vous) a voulu créer un compte Rouages avec cette adresse, qui en a déjà un.\n\nSi vous avez oublié votre mot de passe : ${baseUrl}/mot-de-passe-oublie\n\nSinon, ignorez ce message.`,
        link: `${baseUrl}/mot-de-passe-oublie`,
      })
      return { userId: undefined }
    }
    const isFirstAccount =
      (await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) === undefined
    const provenByInvitation =
      input.invitationToken !== undefined &&
      (await this.#d.invitations.emailOf(input.invitationToken)) === input.email
    const id = generateId()
    const passwordHash = await hashPassword(input.password)
    const verified = isFirstAccount || provenByInvitation
    try {
      await db
        .insertInto('app_user')
        .values({
          id,
          email: input.email,
          display_name: input.displayName,
          password_hash: passwordHash,
          email_verified_at: verified ? now().toISOString() : null,
          created_at: now().toISOString(),
        })
        .execute()
    } catch {
      // Lost a race with another sign-up for the same address: behave as if it existed.
      return { userId: undefined }
    }
    if (verified) return { userId: id }
    const token = await this.#issueToken(id, 'verify-email', VERIFY_TTL_MS)
    const link = `${baseUrl}/confirmer?token=${token}`
    await this.#d.mailer.send({
      to: input.email,
      subject: 'Rouages : confirmez votre adresse',
      text: `Bonjour ${input.displayName},\n\nPour activer votre compte Rouages, ouvrez ce lien (valable 48 heures) :\n${link}\n\nSi vous n'avez rien demandé, ignorez ce message.`,
      link,
    })
    return { userId: undefined }
  }

  /** Confirms an address from its e-mailed token; returns the user to sign in. */
  async verifyEmail(token: string): Promise<string> {
    const userId = await this.#consumeToken(token, 'verify-email')
    await this.#d.db
      .updateTable('app_user')
      .set({ email_verified_at: this.#d.now().toISOString() })
      .where('id', '=', userId)
      .execute()
    return userId
  }

  /** The user for these credentials; one generic error for every failure. */
  async login(email: string, password: string): Promise<SessionUser> {
    const row = await this.#d.db
      .selectFrom('app_user')
      .select(['id', 'email', 'display_name', 'password_hash', 'email_verified_at'])
      .where('email', '=', email)
      .executeTakeFirst()
    // Hash even for an unknown address, so the answer takes the same time.
    const valid = await verifyPassword(password, row?.password_hash ?? DUMMY_PASSWORD_HASH)
    if (!row || !valid || !row.email_verified_at) {
      throw apiError(
        401,
        'invalid-credentials',
        'Adresse ou mot de passe incorrect, ou adresse pas encore confirmée.',
      )
    }
    return { id: row.id, email: row.email, displayName: row.display_name }
  }

  /** Mails a reset link when the address has an account; silent otherwise. */
  async requestPasswordReset(email: string, baseUrl: string): Promise<void> {
    const row = await this.#d.db
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('email', '=', email)
      .executeTakeFirst()
    if (!row) return
    const token = await this.#issueToken(row.id, 'reset-password', RESET_TTL_MS)
    const link = `${baseUrl}/reinitialiser?token=${token}`
    await this.#d.mailer.send({
      to: email,
      subject: 'Rouages : réinitialiser votre mot de passe',
      text: `Bonjour ${row.display_name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n${link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.`,
      link,
    })
  }

  /** Sets a new password from a reset token, ends every session, and confirms the address. */
  async confirmPasswordReset(token: string, password: string): Promise<string> {
    const userId = await this.#consumeToken(token, 'reset-password')
    await this.#setPassword(userId, password)
    await this.#d.db
      .updateTable('app_user')
      .set({ email_verified_at: this.#d.now().toISOString() })
      .where('id', '=', userId)
      .where('email_verified_at', 'is', null)
      .execute()
    return userId
  }

  /** Changes the password after checking the current one; every session of the user ends. */
  async changePassword(userId: string, current: string, next: string): Promise<void> {
    const row = await this.#d.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    if (!(await verifyPassword(current, row.password_hash))) {
      throw apiError(400, 'invalid-credentials', 'Le mot de passe actuel est incorrect.')
    }
    await this.#setPassword(userId, next)
  }

  async user(userId: string): Promise<SessionUser> {
    const row = await this.#d.db
      .selectFrom('app_user')
      .select(['id', 'email', 'display_name'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    return { id: row.id, email: row.email, displayName: row.display_name }
  }

  async #setPassword(userId: string, password: string): Promise<void> {
    const hash = await hashPassword(password)
    await this.#d.db.updateTable('app_user').set({ password_hash: hash }).where('id', '=', userId).execute()
    await this.#d.sessions.invalidateAllForUser(userId)
  }

  async #issueToken(userId: string, purpose: TokenPurpose, ttlMs: number): Promise<string> {
    const token = generateToken()
    // One live token per purpose: a new mail makes the previous link useless.
    await this.#d.db
      .deleteFrom('email_token')
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .execute()
    await this.#d.db
      .insertInto('email_token')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        purpose,
        expires_at: new Date(this.#d.now().getTime() + ttlMs).toISOString(),
      })
      .execute()
    return token
  }

  async #consumeToken(token: string, purpose: TokenPurpose): Promise<string> {
    const row = await this.#d.db
      .deleteFrom('email_token')
      .where('token_hash', '=', hashToken(token))
      .where('purpose', '=', purpose)
      .returning(['user_id', 'expires_at'])
      .executeTakeFirst()
    if (!row || new Date(row.expires_at) <= this.#d.now()) {
      throw apiError(400, 'invalid-token', 'Ce lien n’est plus valable. Demandez-en un nouveau.')
    }
    return row.user_id
  }
}

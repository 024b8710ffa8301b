import type { Kysely } from 'kysely'
import type { Invitation, InvitationPreview } from '@rouages/shared/api/etablissements'
import { canAssignRole, ROLE_LABELS_FR, type Role } from '@rouages/shared/roles'
import type { SessionUser } from '../auth/sessions.ts'
import { generateId, generateToken, hashToken } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'
import { asRole } from './etablissements.ts'

const DAY_MS = 24 * 3600_000

/** Invitations by e-mail or by link, with a role and an expiry, revocable, single use (G3). */
export class Invitations {
  readonly #db: Kysely<Database>
  readonly #audit: AuditTrail
  readonly #mailer: Mailer
  readonly #now: () => Date

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; mailer: Mailer; now: () => Date }) {
    this.#db = deps.db
    this.#audit = deps.audit
    this.#mailer = deps.mailer
    this.#now = deps.now
  }

  async create(
    actor: { id: string; role: Role; displayName: string },
    etablissementId: string,
    input: { email?: string | undefined; role: Role; expiresInDays: number },
    baseUrl: string,
  ): Promise<Invitation> {
    if (!canAssignRole(actor.role, input.role)) {
      throw apiError(403, 'forbidden', 'Votre rôle ne permet pas d’inviter avec ce rôle.')
    }
    const token = generateToken()
    const id = generateId()
    const now = this.#now()
    const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString()
    await this.#db
      .insertInto('invitation')
      .values({
        id,
        etablissement_id: etablissementId,
        token_hash: hashToken(token),
        email: input.email ?? null,
        role: input.role,
        created_by: actor.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
        revoked_at: null,
      })
      .execute()
    await this.#audit.record({
      etablissementId,
      actorId: actor.id,
      action: 'invitation.created',
      target: id,
      details: { email: input.email ?? null, role: input.role, expiresAt },
    })
    const link = `${baseUrl}/invitation/${token}`
    if (input.email) {
      const etab = await this.#db
        .selectFrom('etablissement')
        .select('name')
        .where('id', '=', etablissementId)
        .executeTakeFirstOrThrow()
      await this.#mailer.send({
        to: input.email,
        subject: `Rouages : invitation à rejoindre ${etab.name}`,
        text: `Bonjour,\n\n${actor.displayName} vous invite à rejoindre l’espace Rouages de ${etab.name} en tant que « ${ROLE_LABELS_FR[input.role]} ».\n\nPour accepter, ouvrez ce lien (valable jusqu’au ${expiresAt.slice(0, 10)}) :\n${link}`,
        link,
      })
    }
    return {
      id,
      email: input.email ?? null,
      role: input.role,
      createdAt: now.toISOString(),
      expiresAt,
      createdBy: actor.displayName,
      link,
    }
  }

  /** Pending invitations: neither used, revoked nor expired. */
  async pending(etablissementId: string): Promise<Invitation[]> {
    const rows = await this.#db
      .selectFrom('invitation')
      .innerJoin('app_user', 'app_user.id', 'invitation.created_by')
      .select([
        'invitation.id',
        'invitation.email',
        'role',
        'invitation.created_at',
        'expires_at',
        'display_name',
      ])
      .where('etablissement_id', '=', etablissementId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.#now().toISOString())
      .orderBy('invitation.created_at', 'desc')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: asRole(r.role),
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      createdBy: r.display_name,
    }))
  }

  async revoke(actorId: string, etablissementId: string, invitationId: string): Promise<void> {
    const result = await this.#db
      .updateTable('invitation')
      .set({ revoked_at: this.#now().toISOString() })
      .where('id', '=', invitationId)
      .where('etablissement_id', '=', etablissementId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw apiError(404, 'not-found', 'Invitation introuvable.')
    await this.#audit.record({ etablissementId, actorId, action: 'invitation.revoked', target: invitationId })
  }

  /** The e-mail address a live invitation was sent to, if any (it proves that address). */
  async emailOf(token: string): Promise<string | undefined> {
    return (await this.#live(token))?.email ?? undefined
  }

  async preview(token: string): Promise<InvitationPreview> {
    const row = await this.#live(token)
    if (!row) throw apiError(404, 'not-found', 'Cette invitation n’existe pas, a expiré ou a déjà servi.')
    const etab = await this.#db
      .selectFrom('etablissement')
      .select(['name', 'uai', 'academie'])
      .where('id', '=', row.etablissement_id)
      .executeTakeFirstOrThrow()
    return { etablissement: etab, role: asRole(row.role), email: row.email, expiresAt: row.expires_at }
  }

  /** Makes the user a member with the invitation's role; the invitation is then used up. */
  async accept(token: string, user: SessionUser): Promise<string> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#live(token, trx)
      if (!row) throw apiError(404, 'not-found', 'Cette invitation n’existe pas, a expiré ou a déjà servi.')
      if (row.email && row.email !== user.email) {
        throw apiError(
          403,
          'forbidden',
          `Cette invitation est destinée à ${row.email}. Connectez-vous avec cette adresse.`,
        )
      }
      const already = await trx
        .selectFrom('membership')
        .select('role')
        .where('etablissement_id', '=', row.etablissement_id)
        .where('user_id', '=', user.id)
        .executeTakeFirst()
      if (already) throw apiError(409, 'conflict', 'Vous êtes déjà membre de cet établissement.')
      const now = this.#now().toISOString()
      await trx.updateTable('invitation').set({ used_at: now }).where('id', '=', row.id).execute()
      await trx
        .insertInto('membership')
        .values({ etablissement_id: row.etablissement_id, user_id: user.id, role: row.role, created_at: now })
        .execute()
      await this.#audit.record(
        {
          etablissementId: row.etablissement_id,
          actorId: user.id,
          action: 'invitation.accepted',
          target: row.id,
          details: { role: row.role },
        },
        trx,
      )
      return row.etablissement_id
    })
  }

  async #live(token: string, db: Kysely<Database> = this.#db) {
    return db
      .selectFrom('invitation')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.#now().toISOString())
      .executeTakeFirst()
  }
}

import type { Kysely } from 'kysely'
import type { Etablissement, EtablissementCreateInput, Member } from '@rouages/shared/api/etablissements'
import { canAssignRole, ROLES, type Role } from '@rouages/shared/roles'
import { generateId } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { LiveAccess } from '../collab/live-access.ts'
import { ReadCache } from '../storage/read-cache.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'

export function asRole(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role
  throw new Error(`unknown role in storage: ${value}`)
}

/** Établissements and their members (G2). */
export class Etablissements {
  readonly #db: Kysely<Database>
  readonly #audit: AuditTrail
  readonly #now: () => Date
  readonly #live: LiveAccess
  /**
   * Members' roles, asked by every request under an établissement. Only memberships are cached
   * (a non-member's 404 still asks storage), so joining needs no forgetting; a role change or a
   * removal forgets at once.
   */
  readonly #roles = new ReadCache<{ role: Role }>({ ttlMs: 30_000, max: 20_000 })

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; now: () => Date; live: LiveAccess }) {
    this.#db = deps.db
    this.#audit = deps.audit
    this.#now = deps.now
    this.#live = deps.live
  }

  /** Creates an établissement; its creator becomes its owner (chef d'établissement). */
  async create(userId: string, input: Required<EtablissementCreateInput>): Promise<Etablissement> {
    const id = generateId()
    const createdAt = this.#now().toISOString()
    await this.#db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('etablissement')
        .select('id')
        .where('uai', '=', input.uai)
        .executeTakeFirst()
      if (taken) {
        throw apiError(
          409,
          'conflict',
          'Cet établissement existe déjà dans Rouages : demandez une invitation à son équipe.',
        )
      }
      await trx
        .insertInto('etablissement')
        .values({
          id,
          uai: input.uai,
          name: input.name,
          academie: input.academie,
          type: input.type,
          created_at: createdAt,
        })
        .execute()
      await trx
        .insertInto('membership')
        .values({ etablissement_id: id, user_id: userId, role: 'owner', created_at: createdAt })
        .execute()
      await this.#audit.record(
        {
          etablissementId: id,
          actorId: userId,
          action: 'etablissement.created',
          target: id,
          details: { uai: input.uai, name: input.name },
        },
        trx,
      )
    })
    return {
      id,
      uai: input.uai,
      name: input.name,
      academie: input.academie,
      type: input.type,
      createdAt,
      role: 'owner',
    }
  }

  async listForUser(userId: string): Promise<Etablissement[]> {
    const rows = await this.#db
      .selectFrom('membership')
      .innerJoin('etablissement', 'etablissement.id', 'membership.etablissement_id')
      .select(['etablissement.id', 'uai', 'name', 'academie', 'type', 'etablissement.created_at', 'role'])
      .where('membership.user_id', '=', userId)
      .orderBy('name')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      uai: r.uai,
      name: r.name,
      academie: r.academie,
      type: r.type,
      createdAt: r.created_at,
      role: asRole(r.role),
    }))
  }

  /** The user's role in the établissement, or undefined when not a member. */
  async roleOf(userId: string, etablissementId: string): Promise<Role | undefined> {
    const cached = await this.#roles.get(`${userId} ${etablissementId}`, async () => {
      const row = await this.#db
        .selectFrom('membership')
        .select('role')
        .where('user_id', '=', userId)
        .where('etablissement_id', '=', etablissementId)
        .executeTakeFirst()
      return row ? { role: asRole(row.role) } : undefined
    })
    return cached?.role
  }

  async get(etablissementId: string, role: Role): Promise<Etablissement> {
    const r = await this.#db
      .selectFrom('etablissement')
      .selectAll()
      .where('id', '=', etablissementId)
      .executeTakeFirstOrThrow()
    return {
      id: r.id,
      uai: r.uai,
      name: r.name,
      academie: r.academie,
      type: r.type,
      createdAt: r.created_at,
      role,
    }
  }

  async members(etablissementId: string): Promise<Member[]> {
    const rows = await this.#db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select(['app_user.id', 'email', 'display_name', 'role', 'membership.created_at'])
      .where('etablissement_id', '=', etablissementId)
      .orderBy('display_name')
      .execute()
    return rows.map((r) => ({
      userId: r.id,
      email: r.email,
      displayName: r.display_name,
      role: asRole(r.role),
      joinedAt: r.created_at,
    }))
  }

  /** Changes a member's role within what the actor may assign; an owner always remains. */
  async setRole(
    actor: { id: string; role: Role },
    etablissementId: string,
    userId: string,
    role: Role,
  ): Promise<Member> {
    await this.#db.transaction().execute(async (trx) => {
      const { role: current, displayName } = await this.#member(trx, etablissementId, userId)
      if (!canAssignRole(actor.role, current) || !canAssignRole(actor.role, role)) {
        throw apiError(403, 'forbidden', 'Votre rôle ne permet pas d’attribuer ce rôle.')
      }
      if (current === 'owner' && role !== 'owner')
        await this.#assertAnotherOwner(trx, etablissementId, userId)
      await trx
        .updateTable('membership')
        .set({ role })
        .where('etablissement_id', '=', etablissementId)
        .where('user_id', '=', userId)
        .execute()
      await this.#audit.record(
        {
          etablissementId,
          actorId: actor.id,
          action: 'member.role-changed',
          target: userId,
          // The name too: the trail must still say who once the person has left.
          details: { from: current, to: role, targetName: displayName },
        },
        trx,
      )
    })
    this.#accessChanged(userId, etablissementId)
    const member = (await this.members(etablissementId)).find((m) => m.userId === userId)
    if (!member) throw apiError(404, 'not-found', 'Membre introuvable.')
    return member
  }

  /** Removes a member (or lets one leave); the last owner cannot go. */
  async remove(actor: { id: string; role: Role }, etablissementId: string, userId: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const { role: current, displayName } = await this.#member(trx, etablissementId, userId)
      const leaving = actor.id === userId
      if (!leaving && !canAssignRole(actor.role, current)) {
        throw apiError(403, 'forbidden', 'Votre rôle ne permet pas de retirer ce membre.')
      }
      if (current === 'owner') await this.#assertAnotherOwner(trx, etablissementId, userId)
      await trx
        .deleteFrom('membership')
        .where('etablissement_id', '=', etablissementId)
        .where('user_id', '=', userId)
        .execute()
      await this.#audit.record(
        {
          etablissementId,
          actorId: actor.id,
          action: leaving ? 'member.left' : 'member.removed',
          target: userId,
          details: { role: current, targetName: displayName },
        },
        trx,
      )
    })
    this.#accessChanged(userId, etablissementId)
  }

  /** After a role change or a removal has committed: no cached role, no live socket keeps it. */
  #accessChanged(userId: string, etablissementId: string): void {
    this.#roles.forget(`${userId} ${etablissementId}`)
    this.#live.accessChanged(userId, etablissementId)
  }

  async #member(
    db: Kysely<Database>,
    etablissementId: string,
    userId: string,
  ): Promise<{ role: Role; displayName: string }> {
    const row = await db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select(['role', 'display_name'])
      .where('etablissement_id', '=', etablissementId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    if (!row) throw apiError(404, 'not-found', 'Membre introuvable.')
    return { role: asRole(row.role), displayName: row.display_name }
  }

  async #assertAnotherOwner(db: Kysely<Database>, etablissementId: string, userId: string): Promise<void> {
    const other = await db
      .selectFrom('membership')
      .select('user_id')
      .where('etablissement_id', '=', etablissementId)
      .where('role', '=', 'owner')
      .where('user_id', '!=', userId)
      .executeTakeFirst()
    if (!other) {
      throw apiError(409, 'conflict', 'L’établissement doit garder au moins un chef d’établissement.')
    }
  }
}

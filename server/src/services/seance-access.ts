import type { Kysely, Selectable } from 'kysely'
import { can } from '@rouages/shared/roles'
import type { SessionUser } from '../auth/sessions.ts'
import { generateId, generateToken, hashToken } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { Etablissements } from './etablissements.ts'

export type SeanceRow = Selectable<Database['seance']>

/** Someone in a séance: a member of the établissement (`u:<userId>`) or a guest (`g:<guestId>`). */
export interface SeanceParticipant {
  key: string
  name: string
  guest: boolean
  /** The member's user id; null for a guest. */
  userId: string | null
  facilitator: boolean
}

/** How long a guest's cookie lives at most; the séance's end takes the rights away before. */
export const GUEST_TOKEN_HOURS = 12

/** The one answer for a séance that does not exist, is not yours, or that a guest may no longer see. */
const notFound = () => apiError(404, 'not-found', 'Séance introuvable.')

/**
 * Who may take part in a séance and as what. Members of the séance's établissement take part with
 * their account; guests get a token scoped to that one séance, refused everywhere else and by
 * everything once the séance has ended. Facilitators are the séance's creator and whoever a
 * facilitator added or handed over to — a role in the séance, not in the établissement.
 */
export class SeanceAccess {
  readonly #d: { db: Kysely<Database>; etablissements: Etablissements; now: () => Date }
  /** `<seanceId> <key>` already recorded by this process: every call of a séance records its caller. */
  readonly #recorded = new Set<string>()

  constructor(deps: { db: Kysely<Database>; etablissements: Etablissements; now: () => Date }) {
    this.#d = deps
  }

  async row(seanceId: string): Promise<SeanceRow> {
    const row = await this.#d.db
      .selectFrom('seance')
      .selectAll()
      .where('id', '=', seanceId)
      .executeTakeFirst()
    if (!row) throw notFound()
    return row
  }

  /** A member of the séance's établissement who can read its workspace. */
  async member(user: SessionUser, seance: SeanceRow): Promise<SeanceParticipant> {
    const role = await this.#d.etablissements.roleOf(user.id, seance.etablissement_id)
    if (!role || !can(role, 'workspace.read')) throw notFound()
    return {
      key: `u:${user.id}`,
      name: user.displayName,
      guest: false,
      userId: user.id,
      facilitator: await this.isFacilitator(seance.id, user.id),
    }
  }

  /** The guest a token names, only for its own séance and only while that séance is open. */
  async guest(token: string, seance: SeanceRow): Promise<SeanceParticipant> {
    const guest = await this.guestOfToken(token)
    if (!guest || guest.seanceId !== seance.id || seance.status !== 'ouverte') throw notFound()
    return { key: `g:${guest.id}`, name: guest.name, guest: true, userId: null, facilitator: false }
  }

  async guestOfToken(token: string): Promise<{ id: string; seanceId: string; name: string } | undefined> {
    const row = await this.#d.db
      .selectFrom('seance_guest')
      .select(['id', 'seance_id', 'display_name', 'created_at'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row) return undefined
    const age = this.#d.now().getTime() - new Date(row.created_at).getTime()
    if (age > GUEST_TOKEN_HOURS * 3_600_000) return undefined
    return { id: row.id, seanceId: row.seance_id, name: row.display_name }
  }

  /** A new guest of an open séance that allows guests; the token goes in the guest's cookie. */
  async createGuest(
    seance: SeanceRow,
    name: string,
  ): Promise<{ token: string; participant: SeanceParticipant }> {
    if (seance.status !== 'ouverte' || seance.guests_allowed !== 1) throw notFound()
    const token = generateToken()
    const id = generateId()
    await this.#d.db
      .insertInto('seance_guest')
      .values({
        id,
        seance_id: seance.id,
        display_name: name,
        token_hash: hashToken(token),
        created_at: this.#d.now().toISOString(),
      })
      .execute()
    return { token, participant: { key: `g:${id}`, name, guest: true, userId: null, facilitator: false } }
  }

  /** Notes that someone took part in an open séance (once; the first time is kept). */
  async recordParticipant(
    seanceId: string,
    participant: Pick<SeanceParticipant, 'key' | 'name' | 'guest'>,
  ): Promise<void> {
    const recorded = `${seanceId} ${participant.key}`
    if (this.#recorded.has(recorded)) return
    const open = await this.#d.db
      .selectFrom('seance')
      .select('id')
      .where('id', '=', seanceId)
      .where('status', '=', 'ouverte')
      .executeTakeFirst()
    if (!open) return
    await this.#d.db
      .insertInto('seance_participant')
      .values({
        seance_id: seanceId,
        participant_key: participant.key,
        display_name: participant.name,
        guest: participant.guest ? 1 : 0,
        joined_at: this.#d.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['seance_id', 'participant_key']).doNothing())
      .execute()
    this.#recorded.add(recorded)
  }

  /** An ended séance takes no more participants: its entries leave the memory. */
  forgetParticipants(seanceId: string): void {
    for (const key of this.#recorded) if (key.startsWith(`${seanceId} `)) this.#recorded.delete(key)
  }

  async isFacilitator(seanceId: string, userId: string): Promise<boolean> {
    const row = await this.#d.db
      .selectFrom('seance_facilitator')
      .select('user_id')
      .where('seance_id', '=', seanceId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return row !== undefined
  }

  async facilitators(seanceId: string): Promise<Array<{ id: string; name: string }>> {
    const rows = await this.#d.db
      .selectFrom('seance_facilitator')
      .innerJoin('app_user', 'app_user.id', 'seance_facilitator.user_id')
      .select(['app_user.id', 'app_user.display_name'])
      .where('seance_facilitator.seance_id', '=', seanceId)
      .orderBy('seance_facilitator.added_at')
      .execute()
    return rows.map((row) => ({ id: row.id, name: row.display_name }))
  }
}

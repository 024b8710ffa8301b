import type { Kysely, Selectable } from 'kysely'
import {
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  type Seance,
  type SeanceCreateInput,
  type SeanceStep,
} from '@rouages/shared/api/seances'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import type { SessionUser } from '../auth/sessions.ts'
import { generateId } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { SeanceRecord } from '@rouages/shared/seance/record'
import { can } from '@rouages/shared/roles'
import type { LiveAccess } from '../collab/live-access.ts'
import type { AuditTrail } from './audit.ts'
import type { Etablissements } from './etablissements.ts'
import type { SeanceAccess, SeanceParticipant } from './seance-access.ts'
import type { LiveDocs } from './seance-live-docs.ts'
import { buildSeanceRecord } from './seance-record.ts'
import type { SeanceRoom } from './seance-room.ts'

export interface SeancesDeps {
  db: Kysely<Database>
  audit: AuditTrail
  etablissements: Etablissements
  access: SeanceAccess
  room: SeanceRoom
  live: LiveDocs
  /** Closes guests' sockets when their séance ends. */
  liveAccess: LiveAccess
  now: () => Date
}

/**
 * Séances (A1, A7): a facilitator opens a live session in a school year with its agenda and a join
 * code unique among open séances; members join with the code, guests with the code and a name when
 * the séance allows them; ending it frees the code, ends the guests' rights and writes the compte
 * rendu. What happens during the séance is the room's (`seance-room.ts`).
 */
export class Seances {
  readonly #d: SeancesDeps

  constructor(deps: SeancesDeps) {
    this.#d = deps
  }

  async list(etablissementId: string, schoolYear: string): Promise<Seance[]> {
    const rows = await this.#select()
      .where('seance.etablissement_id', '=', etablissementId)
      .where('seance.school_year', '=', schoolYear)
      .orderBy('seance.created_at', 'desc')
      .execute()
    return rows.map(toSeance)
  }

  async create(
    user: SessionUser,
    etablissementId: string,
    schoolYear: string,
    input: SeanceCreateInput,
  ): Promise<Seance> {
    const { db, now } = this.#d
    const year = await db
      .selectFrom('school_year')
      .select('school_year')
      .where('etablissement_id', '=', etablissementId)
      .where('school_year', '=', schoolYear)
      .executeTakeFirst()
    if (!year) throw apiError(404, 'not-found', `L’année ${schoolYear} n’est pas ouverte.`)
    const id = generateId()
    const code = await this.#freeCode()
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('seance')
        .values({
          id,
          etablissement_id: etablissementId,
          school_year: schoolYear,
          title: input.title,
          kind: input.kind,
          code,
          status: 'ouverte',
          guests_allowed: input.guestsAllowed ? 1 : 0,
          steps: JSON.stringify(input.steps),
          created_by: user.id,
          created_at: now().toISOString(),
          ended_at: null,
        })
        .execute()
      await this.#d.audit.record(
        {
          etablissementId,
          actorId: user.id,
          action: 'seance.opened',
          target: workspaceDocumentName(etablissementId, schoolYear),
          details: { seanceId: id, title: input.title },
        },
        trx,
      )
    })
    try {
      await this.#d.room.initialise(await this.#d.access.row(id), user)
    } catch (error) {
      // An agenda the year cannot show (a criterion it does not follow) leaves no séance behind.
      await db.deleteFrom('seance').where('id', '=', id).execute()
      throw error
    }
    return this.get(etablissementId, schoolYear, id)
  }

  async get(etablissementId: string, schoolYear: string, seanceId: string): Promise<Seance> {
    const row = await this.#select()
      .where('seance.etablissement_id', '=', etablissementId)
      .where('seance.school_year', '=', schoolYear)
      .where('seance.id', '=', seanceId)
      .executeTakeFirst()
    if (!row) throw apiError(404, 'not-found', 'Séance introuvable.')
    return toSeance(row)
  }

  /**
   * Ends a séance: one of its facilitators, or someone who manages the year. What was running
   * stops, guests lose access at once, and the compte rendu is written and kept with the séance.
   */
  async end(
    user: SessionUser,
    etablissementId: string,
    schoolYear: string,
    seanceId: string,
  ): Promise<Seance> {
    const seance = await this.get(etablissementId, schoolYear, seanceId)
    const role = await this.#d.etablissements.roleOf(user.id, etablissementId)
    const allowed =
      (role && can(role, 'workspace.manage')) || (await this.#d.access.isFacilitator(seanceId, user.id))
    if (!allowed) throw apiError(403, 'forbidden', 'Seuls les animateurs de la séance peuvent la terminer.')
    if (seance.status === 'terminee') throw apiError(409, 'conflict', 'Cette séance est déjà terminée.')
    const row = await this.#d.access.row(seanceId)
    await this.#d.room.closeForEnd(row)
    const endedAt = this.#d.now().toISOString()
    const state = await this.#d.room.state(row)
    const facilitators = (await this.#d.access.facilitators(seanceId)).map((f) => f.name)
    const record = await buildSeanceRecord(
      { db: this.#d.db, live: this.#d.live },
      { ...row, ended_at: endedAt },
      state,
      facilitators,
    )
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('seance')
        .set({ status: 'terminee', ended_at: endedAt, record: JSON.stringify(record) })
        .where('id', '=', seanceId)
        .execute()
      await this.#d.audit.record(
        {
          etablissementId,
          actorId: user.id,
          action: 'seance.ended',
          target: workspaceDocumentName(etablissementId, schoolYear),
          details: { seanceId, title: seance.title },
        },
        trx,
      )
    })
    this.#d.liveAccess.seanceEnded(seanceId)
    this.#d.access.forgetParticipants(seanceId)
    return this.get(etablissementId, schoolYear, seanceId)
  }

  /** The compte rendu of an ended séance. */
  async record(etablissementId: string, schoolYear: string, seanceId: string): Promise<SeanceRecord> {
    await this.get(etablissementId, schoolYear, seanceId)
    const row = await this.#d.access.row(seanceId)
    if (!row.record) throw apiError(409, 'conflict', 'Le compte rendu est écrit quand la séance se termine.')
    return JSON.parse(row.record) as SeanceRecord
  }

  /**
   * The open séance a code names: a signed-in member of its établissement joins with their
   * account; without an account, a name makes a guest when the séance allows guests. Anyone else
   * gets the same answer as for a wrong code: codes are short, they must not reveal which schools
   * meet. (Members of another établissement are not turned into guests: they are told to check.)
   */
  async join(
    user: SessionUser | undefined,
    code: string,
    guestName: string | undefined,
  ): Promise<{ seance: Seance; participant: SeanceParticipant; guestToken?: string }> {
    const row = await this.#select()
      .where('seance.code', '=', code)
      .where('seance.status', '=', 'ouverte')
      .executeTakeFirst()
    const missing = () =>
      apiError(404, 'not-found', 'Aucune séance ouverte avec ce code. Vérifiez-le sur l’écran.')
    if (!row) throw missing()
    if (user) {
      const participant = await this.#d.access.member(user, row).catch(() => {
        throw missing()
      })
      await this.#d.access.recordParticipant(row.id, participant)
      return { seance: toSeance(row), participant }
    }
    if (row.guests_allowed !== 1) throw missing()
    if (guestName === undefined)
      throw apiError(
        401,
        'unauthenticated',
        'Connectez-vous, ou indiquez votre nom pour rejoindre en invité.',
      )
    const { token, participant } = await this.#d.access.createGuest(row, guestName)
    await this.#d.access.recordParticipant(row.id, participant)
    return { seance: toSeance(row), participant, guestToken: token }
  }

  /** A random code no open séance uses (32⁶ ≈ 10⁹ codes: a collision is rare, and retried). */
  async #freeCode(): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const bytes = crypto.getRandomValues(new Uint8Array(JOIN_CODE_LENGTH))
      const code = Array.from(bytes, (byte) => JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length]).join('')
      const taken = await this.#d.db
        .selectFrom('seance')
        .select('id')
        .where('code', '=', code)
        .where('status', '=', 'ouverte')
        .executeTakeFirst()
      if (!taken) return code
    }
    throw apiError(503, 'internal', 'Impossible de créer un code de séance. Réessayez.')
  }

  #select() {
    return this.#d.db
      .selectFrom('seance')
      .innerJoin('app_user', 'app_user.id', 'seance.created_by')
      .selectAll('seance')
      .select('app_user.display_name')
  }
}

function toSeance(row: Selectable<Database['seance']> & { display_name: string }): Seance {
  return {
    id: row.id,
    etablissementId: row.etablissement_id,
    schoolYear: row.school_year,
    title: row.title,
    kind: row.kind as Seance['kind'],
    code: row.code,
    status: row.status as Seance['status'],
    guestsAllowed: row.guests_allowed === 1,
    steps: JSON.parse(row.steps) as SeanceStep[],
    createdBy: row.display_name,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  }
}

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
import type { AuditTrail } from './audit.ts'
import type { Etablissements } from './etablissements.ts'

/**
 * Séances (A1, first part): a facilitator opens a live session in a school year with its agenda
 * and a join code unique among open séances; members join with the code; ending it frees the code.
 * Guests, the live state (step, timer, ratings) and the compte rendu come next (issue 7).
 */
export class Seances {
  readonly #d: { db: Kysely<Database>; audit: AuditTrail; etablissements: Etablissements; now: () => Date }

  constructor(deps: {
    db: Kysely<Database>
    audit: AuditTrail
    etablissements: Etablissements
    now: () => Date
  }) {
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

  async end(
    user: SessionUser,
    etablissementId: string,
    schoolYear: string,
    seanceId: string,
  ): Promise<Seance> {
    const seance = await this.get(etablissementId, schoolYear, seanceId)
    if (seance.status === 'terminee') throw apiError(409, 'conflict', 'Cette séance est déjà terminée.')
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('seance')
        .set({ status: 'terminee', ended_at: this.#d.now().toISOString() })
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
    return this.get(etablissementId, schoolYear, seanceId)
  }

  /**
   * The open séance a code names, for a signed-in member of its établissement. Anyone else gets
   * the same answer as for a wrong code: codes are short, they must not reveal which schools meet.
   */
  async join(user: SessionUser, code: string): Promise<Seance> {
    const row = await this.#select()
      .where('seance.code', '=', code)
      .where('seance.status', '=', 'ouverte')
      .executeTakeFirst()
    const role = row ? await this.#d.etablissements.roleOf(user.id, row.etablissement_id) : undefined
    if (!row || !role)
      throw apiError(404, 'not-found', 'Aucune séance ouverte avec ce code. Vérifiez-le sur l’écran.')
    return toSeance(row)
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

import { createHash } from 'node:crypto'
import type { Hocuspocus } from '@hocuspocus/server'
import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import {
  BILAN_STEPS,
  type BilanFreezeInput,
  type BilanStep,
  type BilanStepInput,
  type BilanSummary,
} from '@rouages/shared/api/bilans'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import { can, type Role } from '@rouages/shared/roles'
import { workspaceSnapshot, type WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { generateId } from '../auth/tokens.ts'
import type { SessionUser } from '../auth/sessions.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'

export interface BilansDeps {
  db: Kysely<Database>
  audit: AuditTrail
  hocuspocus: Hocuspocus
  now: () => Date
}

/**
 * Bilans annuels (E1, E2): a school year frozen as a named version — the document's bytes and its
 * JSON rendering, never changed afterwards (the tables refuse UPDATE) — and its approval trail.
 */
export class Bilans {
  readonly #d: BilansDeps

  constructor(deps: BilansDeps) {
    this.#d = deps
  }

  async list(etablissementId: string, schoolYear: string): Promise<BilanSummary[]> {
    const rows = await this.#summaries(etablissementId, schoolYear)
      .orderBy('bilan.created_at', 'desc')
      .execute()
    return this.#withSteps(rows)
  }

  async get(etablissementId: string, schoolYear: string, bilanId: string): Promise<BilanSummary> {
    const row = await this.#summaries(etablissementId, schoolYear)
      .where('bilan.id', '=', bilanId)
      .executeTakeFirst()
    if (!row) throw apiError(404, 'not-found', 'Bilan introuvable.')
    const [summary] = await this.#withSteps([row])
    if (!summary) throw apiError(404, 'not-found', 'Bilan introuvable.')
    return summary
  }

  /** The frozen JSON rendering (what reports and comparisons read). */
  async snapshot(etablissementId: string, schoolYear: string, bilanId: string): Promise<WorkspaceSnapshot> {
    const row = await this.#row(etablissementId, schoolYear, bilanId).select('snapshot').executeTakeFirst()
    if (!row) throw apiError(404, 'not-found', 'Bilan introuvable.')
    return JSON.parse(row.snapshot) as WorkspaceSnapshot
  }

  /** The frozen document state (a Yjs update), to show the version with the live screens. */
  async state(etablissementId: string, schoolYear: string, bilanId: string): Promise<Uint8Array> {
    const row = await this.#row(etablissementId, schoolYear, bilanId).select('state').executeTakeFirst()
    if (!row) throw apiError(404, 'not-found', 'Bilan introuvable.')
    return row.state
  }

  /**
   * Freezes the year as it is now. The state is read in one synchronous step from the document
   * Hocuspocus holds (loading it if nobody has it open), so concurrent edits are either wholly in
   * the version or wholly after it.
   */
  async freeze(
    user: SessionUser,
    etablissementId: string,
    schoolYear: string,
    input: Required<BilanFreezeInput>,
  ): Promise<BilanSummary> {
    const { db, now } = this.#d
    const year = await db
      .selectFrom('school_year')
      .select('school_year')
      .where('etablissement_id', '=', etablissementId)
      .where('school_year', '=', schoolYear)
      .executeTakeFirst()
    if (!year) throw apiError(404, 'not-found', `L’année ${schoolYear} n’est pas ouverte.`)
    const documentName = workspaceDocumentName(etablissementId, schoolYear)
    const connection = await this.#d.hocuspocus.openDirectConnection(documentName, {})
    let state: Uint8Array
    let snapshot: WorkspaceSnapshot
    try {
      const document = connection.document
      if (!document) throw apiError(503, 'internal', 'Le document de l’année est indisponible. Réessayez.')
      state = Y.encodeStateAsUpdate(document)
      snapshot = workspaceSnapshot(document)
    } finally {
      await connection.disconnect({ unloadImmediately: false })
    }
    const id = generateId()
    const createdAt = now().toISOString()
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('bilan')
        .values({
          id,
          etablissement_id: etablissementId,
          school_year: schoolYear,
          name: input.name,
          note: input.note,
          state,
          snapshot: JSON.stringify(snapshot),
          digest: createHash('sha256').update(state).digest('hex'),
          created_by: user.id,
          created_at: createdAt,
        })
        .execute()
      await this.#d.audit.record(
        {
          etablissementId,
          actorId: user.id,
          action: 'bilan.frozen',
          target: documentName,
          details: { bilanId: id, name: input.name },
        },
        trx,
      )
    })
    return this.get(etablissementId, schoolYear, id)
  }

  /**
   * Records the next step of the approval trail: approval by the chef d'établissement, then the
   * presentations to the conseil pédagogique and to the CA (with their dates), in that order.
   */
  async recordStep(
    user: SessionUser,
    role: Role,
    etablissementId: string,
    schoolYear: string,
    bilanId: string,
    input: BilanStepInput,
  ): Promise<BilanSummary> {
    const bilan = await this.get(etablissementId, schoolYear, bilanId)
    if (input.step === 'approved' && !can(role, 'bilan.approve'))
      throw apiError(403, 'forbidden', 'Seul le chef d’établissement approuve un bilan.')
    if (input.step !== 'approved' && !can(role, 'workspace.manage'))
      throw apiError(
        403,
        'forbidden',
        'Seuls le chef d’établissement et le référent enregistrent une présentation.',
      )
    const done = new Set(bilan.steps.map((step) => step.step))
    if (done.has(input.step)) throw apiError(409, 'conflict', 'Cette étape est déjà enregistrée.')
    const previous = BILAN_STEPS[BILAN_STEPS.indexOf(input.step) - 1]
    if (previous && !done.has(previous))
      throw apiError(409, 'conflict', `Étape précédente manquante : ${STEP_WORDS[previous]}.`)
    const onDate = 'onDate' in input ? input.onDate : null
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('bilan_step')
        .values({
          bilan_id: bilanId,
          step: input.step,
          on_date: onDate,
          recorded_by: user.id,
          recorded_at: this.#d.now().toISOString(),
        })
        .execute()
      await this.#d.audit.record(
        {
          etablissementId,
          actorId: user.id,
          action: 'bilan.step',
          target: workspaceDocumentName(etablissementId, schoolYear),
          details: { bilanId, name: bilan.name, step: input.step, onDate },
        },
        trx,
      )
    })
    return this.get(etablissementId, schoolYear, bilanId)
  }

  #row(etablissementId: string, schoolYear: string, bilanId: string) {
    return this.#d.db
      .selectFrom('bilan')
      .where('bilan.etablissement_id', '=', etablissementId)
      .where('bilan.school_year', '=', schoolYear)
      .where('bilan.id', '=', bilanId)
  }

  #summaries(etablissementId: string, schoolYear: string) {
    return this.#d.db
      .selectFrom('bilan')
      .innerJoin('app_user', 'app_user.id', 'bilan.created_by')
      .select([
        'bilan.id',
        'bilan.school_year',
        'bilan.name',
        'bilan.note',
        'bilan.digest',
        'bilan.created_at',
        'app_user.display_name',
      ])
      .where('bilan.etablissement_id', '=', etablissementId)
      .where('bilan.school_year', '=', schoolYear)
  }

  async #withSteps(
    rows: Array<{
      id: string
      school_year: string
      name: string
      note: string
      digest: string
      created_at: string
      display_name: string
    }>,
  ): Promise<BilanSummary[]> {
    if (rows.length === 0) return []
    const steps = await this.#d.db
      .selectFrom('bilan_step')
      .innerJoin('app_user', 'app_user.id', 'bilan_step.recorded_by')
      .select(['bilan_id', 'step', 'on_date', 'recorded_at', 'display_name'])
      .where(
        'bilan_id',
        'in',
        rows.map((row) => row.id),
      )
      .execute()
    const order = (step: string) => BILAN_STEPS.indexOf(step as BilanStep)
    return rows.map((row) => ({
      id: row.id,
      schoolYear: row.school_year,
      name: row.name,
      note: row.note,
      digest: row.digest,
      createdAt: row.created_at,
      createdBy: row.display_name,
      steps: steps
        .filter((step) => step.bilan_id === row.id)
        .sort((a, b) => order(a.step) - order(b.step))
        .map((step) => ({
          step: step.step as BilanStep,
          onDate: step.on_date,
          recordedBy: step.display_name,
          recordedAt: step.recorded_at,
        })),
    }))
  }
}

const STEP_WORDS: Record<BilanStep, string> = {
  approved: 'l’approbation du chef d’établissement',
  'presented-cp': 'la présentation au conseil pédagogique',
  'presented-ca': 'la présentation au conseil d’administration',
}

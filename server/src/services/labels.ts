import type { Kysely } from 'kysely'
import {
  cycleSchoolYears,
  type Label,
  type LabelDecision,
  type LabelInput,
  type LabelStatus,
} from '@rouages/shared/api/labels'
import type { SessionUser } from '../auth/sessions.ts'
import { generateId } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'
import type { FrameworkLibrary } from './framework-library.ts'

/**
 * The labels an établissement holds or prepares (H2): which framework, the intitulé, the cycle
 * (5 years for Lycée des métiers), its status and the decision, and the bilans frozen during the
 * cycle — what a renewal dossier gathers.
 */
export class Labels {
  readonly #d: { db: Kysely<Database>; audit: AuditTrail; library: FrameworkLibrary; now: () => Date }

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; library: FrameworkLibrary; now: () => Date }) {
    this.#d = deps
  }

  async list(etablissementId: string): Promise<Label[]> {
    const rows = await this.#d.db
      .selectFrom('label_held')
      .selectAll()
      .where('etablissement_id', '=', etablissementId)
      .orderBy('cycle_start', 'desc')
      .execute()
    const bilans = await this.#d.db
      .selectFrom('bilan')
      .select(['id', 'school_year', 'name', 'created_at'])
      .where('etablissement_id', '=', etablissementId)
      .orderBy('created_at', 'asc')
      .execute()
    return rows.map((row) => {
      const years = new Set(cycleSchoolYears(row.cycle_start, row.cycle_end))
      return {
        id: row.id,
        frameworkId: row.framework_id,
        intitule: row.intitule,
        cycleStart: row.cycle_start,
        cycleEnd: row.cycle_end,
        status: row.status as LabelStatus,
        decision: row.decision as LabelDecision | null,
        updatedAt: row.updated_at,
        bilans: bilans
          .filter((bilan) => years.has(bilan.school_year))
          .map((bilan) => ({
            id: bilan.id,
            schoolYear: bilan.school_year,
            name: bilan.name,
            createdAt: bilan.created_at,
          })),
      }
    })
  }

  async get(etablissementId: string, labelId: string): Promise<Label> {
    const label = (await this.list(etablissementId)).find((candidate) => candidate.id === labelId)
    if (!label) throw apiError(404, 'not-found', 'Label introuvable.')
    return label
  }

  async create(user: SessionUser, etablissementId: string, input: LabelInput): Promise<Label> {
    await this.#checkFramework(etablissementId, input.frameworkId)
    const id = generateId()
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('label_held')
        .values({ id, etablissement_id: etablissementId, ...this.#columns(user, input) })
        .execute()
      await this.#d.audit.record(
        { etablissementId, actorId: user.id, action: 'label.created', target: id, details: { ...input } },
        trx,
      )
    })
    return this.get(etablissementId, id)
  }

  async update(
    user: SessionUser,
    etablissementId: string,
    labelId: string,
    input: LabelInput,
  ): Promise<Label> {
    await this.get(etablissementId, labelId)
    await this.#checkFramework(etablissementId, input.frameworkId)
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('label_held')
        .set(this.#columns(user, input))
        .where('id', '=', labelId)
        .where('etablissement_id', '=', etablissementId)
        .execute()
      await this.#d.audit.record(
        {
          etablissementId,
          actorId: user.id,
          action: 'label.updated',
          target: labelId,
          details: { ...input },
        },
        trx,
      )
    })
    return this.get(etablissementId, labelId)
  }

  #columns(user: SessionUser, input: LabelInput) {
    return {
      framework_id: input.frameworkId,
      intitule: input.intitule,
      cycle_start: input.cycleStart,
      cycle_end: input.cycleEnd,
      status: input.status,
      decision: input.decision,
      updated_by: user.id,
      updated_at: this.#d.now().toISOString(),
    }
  }

  async #checkFramework(etablissementId: string, frameworkId: string): Promise<void> {
    await this.#d.library.latest(etablissementId, frameworkId).catch(() => {
      throw apiError(400, 'validation', `Référentiel inconnu : ${frameworkId}`)
    })
  }
}

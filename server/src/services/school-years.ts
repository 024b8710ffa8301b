import type { Hocuspocus } from '@hocuspocus/server'
import type { Kysely } from 'kysely'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import { initWorkspace } from '@rouages/shared/workspace/init'
import type { SessionUser } from '../auth/sessions.ts'
import { apiError } from '../http/errors.ts'
import type { DocumentRepository } from '../storage/documents.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'
import type { FrameworkLibrary } from './framework-library.ts'

export interface SchoolYearsDeps {
  db: Kysely<Database>
  audit: AuditTrail
  hocuspocus: Hocuspocus
  documents: DocumentRepository
  library: FrameworkLibrary
  now: () => Date
}

/** School years: each opens a workspace document, seeded once here on the server. */
export class SchoolYears {
  readonly #d: SchoolYearsDeps

  constructor(deps: SchoolYearsDeps) {
    this.#d = deps
  }

  async list(etablissementId: string): Promise<SchoolYear[]> {
    const rows = await this.#d.db
      .selectFrom('school_year')
      .innerJoin('app_user', 'app_user.id', 'school_year.created_by')
      .select(['school_year', 'framework_ids', 'school_year.created_at', 'display_name'])
      .where('etablissement_id', '=', etablissementId)
      .orderBy('school_year', 'desc')
      .execute()
    return rows.map((r) => ({
      schoolYear: r.school_year,
      documentName: workspaceDocumentName(etablissementId, r.school_year),
      frameworkIds: JSON.parse(r.framework_ids) as string[],
      createdAt: r.created_at,
      createdBy: r.display_name,
    }))
  }

  /**
   * Opens a school year: records it, then seeds its document through Hocuspocus (so connected
   * clients and the durable storage see the same thing), and answers once the seed is stored.
   */
  async create(
    user: SessionUser,
    etablissementId: string,
    input: { schoolYear: string; frameworkIds: string[] },
  ): Promise<SchoolYear> {
    const { db, now } = this.#d
    const createdAt = now().toISOString()
    const documentName = workspaceDocumentName(etablissementId, input.schoolYear)
    try {
      await db
        .insertInto('school_year')
        .values({
          etablissement_id: etablissementId,
          school_year: input.schoolYear,
          framework_ids: JSON.stringify(input.frameworkIds),
          created_by: user.id,
          created_at: createdAt,
        })
        .execute()
    } catch {
      throw apiError(409, 'conflict', `L’année ${input.schoolYear} est déjà ouverte.`)
    }
    try {
      await this.#seed(documentName, etablissementId, input)
    } catch (error) {
      await db
        .deleteFrom('school_year')
        .where('etablissement_id', '=', etablissementId)
        .where('school_year', '=', input.schoolYear)
        .execute()
      throw error
    }
    await this.#d.audit.record({
      etablissementId,
      actorId: user.id,
      action: 'school-year.opened',
      target: documentName,
      details: { schoolYear: input.schoolYear, frameworkIds: input.frameworkIds },
    })
    return {
      schoolYear: input.schoolYear,
      documentName,
      frameworkIds: input.frameworkIds,
      createdAt,
      createdBy: user.displayName,
    }
  }

  async #seed(
    documentName: string,
    etablissementId: string,
    input: { schoolYear: string; frameworkIds: string[] },
  ): Promise<void> {
    // The latest version of each framework is copied into the year: later versions never touch it.
    const frameworks = await Promise.all(
      input.frameworkIds.map(async (id) => {
        const latest = await this.#d.library.latest(etablissementId, id).catch(() => {
          throw apiError(400, 'validation', `Référentiel inconnu : ${id}`)
        })
        const { definition } = latest
        const framework = {
          id: definition.id,
          version: latest.version,
          label: definition.label,
          layer: latest.source === 'shipped' ? ('national' as const) : ('etablissement' as const),
          scaleId: definition.scale.id,
          criteria: definition.criteria,
        }
        return { framework, scale: definition.scale }
      }),
    )
    const connection = await this.#d.hocuspocus.openDirectConnection(documentName, {})
    try {
      await connection.transact((doc) => {
        // Seed once: a document that already has content (a year reopened after a failure) keeps it.
        if (!doc.getMap('meta').has('schemaVersion')) {
          initWorkspace(doc, {
            etablissementId,
            schoolYear: input.schoolYear,
            frameworks,
            now: this.#d.now(),
          })
        }
      })
    } finally {
      await connection.disconnect()
    }
    const stored = await this.#d.documents.load(documentName)
    if (!stored.state) throw apiError(503, 'internal', 'L’année n’a pas pu être enregistrée. Réessayez.')
  }
}

import type { Hocuspocus } from '@hocuspocus/server'
import type { Kysely } from 'kysely'
import type { SchoolYear, SchoolYearCreateInput } from '@rouages/shared/api/school-years'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import { carryOverWorkspace } from '@rouages/shared/workspace/carry-over'
import { followedFrameworkIds } from '@rouages/shared/workspace/grid'
import { initWorkspace } from '@rouages/shared/workspace/init'
import * as Y from 'yjs'
import type { SessionUser } from '../auth/sessions.ts'
import { apiError } from '../http/errors.ts'
import type { DocumentRepository } from '../storage/documents.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'
import type { Bilans } from './bilans.ts'
import type { FrameworkLibrary } from './framework-library.ts'

export interface SchoolYearsDeps {
  db: Kysely<Database>
  audit: AuditTrail
  hocuspocus: Hocuspocus
  documents: DocumentRepository
  library: FrameworkLibrary
  bilans: Bilans
  now: () => Date
}

type SchoolYearInput = Pick<SchoolYearCreateInput, 'schoolYear' | 'frameworkIds' | 'fromBilan'>

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
  async create(user: SessionUser, etablissementId: string, input: SchoolYearInput): Promise<SchoolYear> {
    const { db, now } = this.#d
    // Starting from a bilan: its frozen document decides the frameworks (checked before anything
    // is written, so a bad bilan leaves no half-opened year).
    const source = input.fromBilan ? await this.#frozen(etablissementId, input.fromBilan) : undefined
    if (source) input = { ...input, frameworkIds: followedFrameworkIds(source) }
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
      await this.#seed(documentName, etablissementId, input, source)
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
      details: {
        schoolYear: input.schoolYear,
        frameworkIds: input.frameworkIds,
        fromBilan: input.fromBilan ?? null,
      },
    })
    return {
      schoolYear: input.schoolYear,
      documentName,
      frameworkIds: input.frameworkIds,
      createdAt,
      createdBy: user.displayName,
    }
  }

  async #frozen(etablissementId: string, from: { schoolYear: string; bilanId: string }): Promise<Y.Doc> {
    const state = await this.#d.bilans.state(etablissementId, from.schoolYear, from.bilanId).catch(() => {
      throw apiError(400, 'validation', 'Bilan de départ introuvable.')
    })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return doc
  }

  async #seed(
    documentName: string,
    etablissementId: string,
    input: SchoolYearInput,
    source?: Y.Doc,
  ): Promise<void> {
    if (source && input.fromBilan) {
      const from = input.fromBilan
      await this.#write(documentName, (doc) =>
        carryOverWorkspace(source, doc, {
          etablissementId,
          schoolYear: input.schoolYear,
          now: this.#d.now(),
          source: from,
        }),
      )
      return
    }
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
    await this.#write(documentName, (doc) =>
      initWorkspace(doc, { etablissementId, schoolYear: input.schoolYear, frameworks, now: this.#d.now() }),
    )
  }

  /** Seeds the document once through Hocuspocus, then checks the seed reached the storage. */
  async #write(documentName: string, seed: (doc: Y.Doc) => void): Promise<void> {
    const connection = await this.#d.hocuspocus.openDirectConnection(documentName, {})
    try {
      await connection.transact((doc) => {
        // Seed once: a document that already has content (a year reopened after a failure) keeps it.
        if (!doc.getMap('meta').has('schemaVersion')) seed(doc)
      })
    } finally {
      await connection.disconnect()
    }
    const stored = await this.#d.documents.load(documentName)
    if (!stored.state) throw apiError(503, 'internal', 'L’année n’a pas pu être enregistrée. Réessayez.')
  }
}

import type { Kysely } from 'kysely'
import type { FrameworkDefinition, FrameworkVersion } from '@rouages/shared/api/frameworks'
import { SHIPPED_FRAMEWORKS, shippedDefinition } from '@rouages/shared/frameworks/index-data'
import type { SessionUser } from '../auth/sessions.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'

/**
 * An établissement's frameworks: the shipped ones (version 1, in the code) and the versions the
 * school saved (académie descriptors, its own scale, frameworks made from scratch). Saving always
 * adds a version; a school year keeps the copy it was opened with, so nothing filled is rewritten.
 */
export class FrameworkLibrary {
  readonly #db: Kysely<Database>
  readonly #audit: AuditTrail
  readonly #now: () => Date

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; now: () => Date }) {
    this.#db = deps.db
    this.#audit = deps.audit
    this.#now = deps.now
  }

  /** The latest version of every framework available to the établissement. */
  async latestAll(etablissementId: string): Promise<FrameworkVersion[]> {
    const saved = await this.#db
      .selectFrom('framework_version as v')
      .innerJoin('app_user', 'app_user.id', 'v.created_by')
      .select(['v.framework_id', 'v.version', 'v.definition', 'v.created_at', 'display_name'])
      .where('v.etablissement_id', '=', etablissementId)
      .orderBy('v.version', 'desc')
      .execute()
    const latest = new Map<string, FrameworkVersion>()
    for (const row of saved) {
      if (latest.has(row.framework_id)) continue
      const definition = JSON.parse(row.definition) as FrameworkDefinition
      latest.set(row.framework_id, {
        id: row.framework_id,
        version: row.version,
        label: definition.label,
        source: 'etablissement',
        createdAt: row.created_at,
        createdBy: row.display_name,
        definition,
      })
    }
    const shipped = SHIPPED_FRAMEWORKS.map((f) => latest.get(f.id) ?? shippedVersion(f.id))
    const own = [...latest.values()].filter((v) => !SHIPPED_FRAMEWORKS.some((f) => f.id === v.id))
    return [...shipped, ...own]
  }

  /** The latest version of one framework, or a 404. */
  async latest(etablissementId: string, frameworkId: string): Promise<FrameworkVersion> {
    const found = (await this.latestAll(etablissementId)).find((v) => v.id === frameworkId)
    if (!found) throw apiError(404, 'not-found', `Référentiel inconnu : ${frameworkId}`)
    return found
  }

  /** Saves a new version (the next number after the latest, shipped included). */
  async save(
    user: SessionUser,
    etablissementId: string,
    definition: FrameworkDefinition,
  ): Promise<FrameworkVersion> {
    const previous = await this.latest(etablissementId, definition.id).catch(() => undefined)
    const version = (previous?.version ?? 0) + 1
    const createdAt = this.#now().toISOString()
    try {
      await this.#db
        .insertInto('framework_version')
        .values({
          etablissement_id: etablissementId,
          framework_id: definition.id,
          version,
          definition: JSON.stringify(definition),
          created_by: user.id,
          created_at: createdAt,
        })
        .execute()
    } catch {
      throw apiError(409, 'conflict', 'Une autre version vient d’être enregistrée. Rechargez et recommencez.')
    }
    await this.#audit.record({
      etablissementId,
      actorId: user.id,
      action: 'framework.version-saved',
      target: definition.id,
      details: {
        version,
        label: definition.label,
        descriptors: definition.criteria.reduce((n, c) => n + c.descriptors.length, 0),
      },
    })
    return {
      id: definition.id,
      version,
      label: definition.label,
      source: 'etablissement',
      createdAt,
      createdBy: user.displayName,
      definition,
    }
  }
}

function shippedVersion(id: string): FrameworkVersion {
  const definition = shippedDefinition(id)
  if (!definition) throw new Error(`shipped framework ${id} has no scale`)
  return {
    id,
    version: 1,
    label: definition.label,
    source: 'shipped',
    createdAt: null,
    createdBy: null,
    definition,
  }
}

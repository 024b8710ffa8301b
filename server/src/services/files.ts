import type { Kysely } from 'kysely'
import { PREUVE_FILE_TYPES, fileExtension, type StoredFile } from '@rouages/shared/api/files'
import type { SessionUser } from '../auth/sessions.ts'
import { generateId } from '../auth/tokens.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'

export type StoredFileInfo = StoredFile

/**
 * The content type a file really has, from its name and first bytes (PREUVE_FILE_TYPES: office
 * documents, PDF, images, plain text); undefined if not allowed.
 */
export function recognise(name: string, bytes: Uint8Array): string | undefined {
  const extension = fileExtension(name)
  for (const [type, rule] of Object.entries(PREUVE_FILE_TYPES)) {
    if (!rule.extensions.includes(extension)) continue
    if (rule.magic && !rule.magic.every((b, i) => bytes[i] === b)) return undefined
    if (!rule.magic && bytes.subarray(0, 4096).includes(0)) return undefined // text has no NUL bytes
    return type
  }
  return undefined
}

/** Preuve files stored through the storage layer (SQLite blob / PostgreSQL bytea). */
export class Files {
  readonly #db: Kysely<Database>
  readonly #now: () => Date
  readonly maxBytes: number

  constructor(deps: { db: Kysely<Database>; now: () => Date; maxBytes: number }) {
    this.#db = deps.db
    this.#now = deps.now
    this.maxBytes = deps.maxBytes
  }

  async store(
    user: SessionUser,
    etablissementId: string,
    name: string,
    bytes: Uint8Array,
  ): Promise<StoredFileInfo> {
    if (bytes.length === 0) throw apiError(400, 'validation', 'Le fichier est vide.')
    if (bytes.length > this.maxBytes) {
      throw apiError(
        413,
        'payload-too-large',
        `Fichier trop volumineux (${Math.round(this.maxBytes / 1048576)} Mo au plus).`,
      )
    }
    const contentType = recognise(name, bytes)
    if (!contentType) {
      throw apiError(
        415,
        'validation',
        'Type de fichier refusé : PDF, images PNG ou JPEG, documents ODF ou Office, texte ou CSV.',
      )
    }
    // No path separators, quotes or control characters in a name sent back in a header.
    const safeName = [...name]
      .map((ch) => (ch < ' ' || '\\/"'.includes(ch) ? '_' : ch))
      .join('')
      .slice(0, 200)
    const info = {
      id: generateId(),
      name: safeName,
      contentType,
      size: bytes.length,
      createdAt: this.#now().toISOString(),
    }
    await this.#db
      .insertInto('stored_file')
      .values({
        id: info.id,
        etablissement_id: etablissementId,
        name: info.name,
        content_type: contentType,
        size: info.size,
        data: bytes,
        created_by: user.id,
        created_at: info.createdAt,
      })
      .execute()
    return info
  }

  /** A file of this établissement, or a 404 (files of other établissements do not exist here). */
  async read(etablissementId: string, id: string): Promise<StoredFileInfo & { data: Uint8Array }> {
    const row = await this.#db
      .selectFrom('stored_file')
      .selectAll()
      .where('id', '=', id)
      .where('etablissement_id', '=', etablissementId)
      .executeTakeFirst()
    if (!row) throw apiError(404, 'not-found', 'Fichier introuvable.')
    return {
      id: row.id,
      name: row.name,
      contentType: row.content_type,
      size: row.size,
      createdAt: row.created_at,
      data: row.data,
    }
  }
}

import type { Generated } from 'kysely'

/** Relational tables, as Kysely sees them; the same on SQLite and PostgreSQL. */
export interface Database {
  /** The compacted state of each Yjs document. */
  document: {
    name: string
    state: Uint8Array
    updated_at: string
  }
  /**
   * Append-only log of Yjs updates acknowledged to clients but not yet compacted into `document`.
   * Written before the server acknowledges an update; pruned once the state row contains it.
   */
  document_update: {
    id: Generated<number>
    name: string
    update: Uint8Array
    created_at: string
  }
  app_user: {
    id: string
    email: string
    display_name: string
    password_hash: string
    email_verified_at: string | null
    created_at: string
  }
  session: {
    id: string
    user_id: string
    expires_at: string
    created_at: string
  }
  etablissement: {
    id: string
    uai: string
    name: string
    academie: string
    type: string
    created_at: string
  }
  membership: {
    etablissement_id: string
    user_id: string
    role: string
    created_at: string
  }
  invitation: {
    id: string
    etablissement_id: string
    token_hash: string
    email: string | null
    role: string
    created_by: string
    created_at: string
    expires_at: string
    used_at: string | null
    revoked_at: string | null
  }
  email_token: {
    token_hash: string
    user_id: string
    purpose: string
    expires_at: string
  }
  /** Append-only: rows are inserted, never updated or deleted by the application. */
  audit_event: {
    id: Generated<number>
    etablissement_id: string | null
    at: string
    actor_id: string | null
    action: string
    target: string | null
    details: string
  }
  school_year: {
    etablissement_id: string
    school_year: string
    framework_ids: string
    created_by: string
    created_at: string
  }
  framework_version: {
    etablissement_id: string
    framework_id: string
    version: number
    definition: string
    created_by: string
    created_at: string
  }
  stored_file: {
    id: string
    etablissement_id: string
    name: string
    content_type: string
    size: number
    data: Uint8Array
    created_by: string
    created_at: string
  }
}

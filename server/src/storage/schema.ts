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
  /** A frozen school year (migration 006); UPDATE is refused by a trigger. */
  bilan: {
    id: string
    etablissement_id: string
    school_year: string
    name: string
    note: string
    state: Uint8Array
    snapshot: string
    digest: string
    created_by: string
    created_at: string
  }
  /** Live workshop sessions (migration 008); `steps` is the agenda as JSON. */
  seance: {
    id: string
    etablissement_id: string
    school_year: string
    title: string
    kind: string
    code: string
    status: string
    guests_allowed: number
    steps: string
    created_by: string
    created_at: string
    ended_at: string | null
  }
  /** Labels held or prepared, with their cycle (migration 007). */
  label_held: {
    id: string
    etablissement_id: string
    framework_id: string
    intitule: string
    cycle_start: number
    cycle_end: number
    status: string
    decision: string | null
    updated_by: string
    updated_at: string
  }
  /** Read-only links to a bilan; only the token's hash is kept. */
  bilan_share: {
    id: string
    token_hash: string
    bilan_id: string
    label: string
    created_by: string
    created_at: string
    expires_at: string
    revoked_at: string | null
  }
  /** Approval steps of a bilan: approved, presented to the conseil pédagogique, to the CA. */
  bilan_step: {
    bilan_id: string
    step: string
    on_date: string | null
    recorded_by: string
    recorded_at: string
  }
}

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
    /** The compte rendu (JSON), written when the séance ends (migration 009). */
    record: string | null
  }
  /** Who may drive a séance: its creator, co-facilitators (migration 009). */
  seance_facilitator: { seance_id: string; user_id: string; added_at: string }
  /** A guest without an account, scoped to one séance; the token is in a cookie, hashed here. */
  seance_guest: {
    id: string
    seance_id: string
    display_name: string
    token_hash: string
    created_at: string
  }
  /** Everyone who joined, staff (`u:<id>`) or guest (`g:<id>`). */
  seance_participant: {
    seance_id: string
    participant_key: string
    display_name: string
    guest: number
    joined_at: string
  }
  /** A silent rating of a descriptor; its levels are in `seance_rating`, never in the document. */
  seance_round: {
    id: string
    seance_id: string
    step_index: number
    framework_id: string
    descriptor_id: string
    anonymous: number
    status: string
    opened_at: string
  }
  seance_rating: { round_id: string; participant_key: string; level_id: string; rated_at: string }
  /** A participant's dot votes on one idea board step (idea ids as JSON, repeats allowed). */
  seance_vote: { seance_id: string; step_index: number; participant_key: string; idea_ids: string }
  /** What happened when: steps reached, results revealed, actions made (the compte rendu's timeline). */
  seance_event: { id: string; seance_id: string; at: string; kind: string; details: string }
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

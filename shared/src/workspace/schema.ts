import type * as Y from 'yjs'

/**
 * The Y.Doc of a school-year workspace (`etab:<id>:annee:<2025-2026>`). Code reads and writes it
 * only through the accessors of this folder; these names are the document's schema.
 *
 * meta         Y.Map   schemaVersion, schoolYear, etablissementId, createdAt
 * frameworks   Y.Map   frameworkId → Y.Map (a copy of the framework version the year follows)
 *                      { id, version, label, scale (JSON), criteria: Y.Array<Y.Map criterion> }
 *                      criterion { id, number, title, shortTitle, descriptors: Y.Array<Y.Map> }
 *                      descriptor { id, text, expectations }
 * grids        Y.Map   frameworkId → Y.Map { entries: Y.Map<descriptorId, entry>,
 *                                            syntheses: Y.Map<criterionId, Y.Text> }
 *                      entry Y.Map { level, constats, pointsForts, vigilance (Y.Text),
 *                                    preuves: Y.Array<Y.Map preuve>, indicatorIds, actionIds }
 *                      preuve Y.Map { id, kind ('lien' | 'fichier'), label, ref, size (files) }
 * attributions Y.Map   "<grid|synthesis>:…:<field>" → { by, name, at }, written by the server
 * crosswalk    Y.Map   "<fromId>><toId>" → true: links between criteria and reform measures (v2)
 *
 * Nested types are created together with their parent (a descriptor and its entry in one
 * transaction), never lazily on first edit: two clients creating the same key concurrently would
 * each make a map and one of them, with its edits, would be lost.
 */
export const WORKSPACE_SCHEMA_VERSION = 2

export const ENTRY_TEXT_FIELDS = ['constats', 'pointsForts', 'vigilance'] as const
export type EntryTextField = (typeof ENTRY_TEXT_FIELDS)[number]

/** French labels of the entry fields (DOMAIN.md vocabulary). */
export const ENTRY_FIELD_LABELS_FR: Record<EntryTextField | 'level' | 'preuves', string> = {
  level: 'Positionnement',
  constats: 'Constats',
  pointsForts: 'Points forts',
  vigilance: 'Points de vigilance',
  preuves: 'Preuves',
}

export interface Attribution {
  /** User id, from the server-side session of the connection that made the change. */
  by: string
  name: string
  /** ISO date-time. */
  at: string
}

/** A preuve is a link (`lien`) or a file uploaded to the server (`fichier`). */
export const PREUVE_KINDS = ['lien', 'fichier'] as const
export type PreuveKind = (typeof PREUVE_KINDS)[number]

export interface Preuve {
  id: string
  kind: PreuveKind
  /** What people read: the title given to a link, the name of a file. */
  label: string
  /** A URL for a link; a file id for an uploaded file (downloaded through the API). */
  ref: string
  /** A file's size in bytes, shown beside its name (files only). */
  size?: number
}

/** The plain reading of one descriptor's entry. */
export interface EntryView {
  level: string | null
  constats: string
  pointsForts: string
  vigilance: string
  preuves: Preuve[]
  indicatorIds: string[]
  actionIds: string[]
}

export type YEntry = Y.Map<unknown>

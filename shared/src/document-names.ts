import { isValidDocumentName } from './protocol.ts'

/**
 * Every shared document belongs to one établissement, and its name says which:
 * `etab:<etablissementId>:<kind>[:<more>]`. The server checks membership from the name alone.
 */
export const DOCUMENT_KINDS = ['notes', 'annee', 'seance'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export interface ParsedDocumentName {
  etablissementId: string
  kind: DocumentKind
  rest: string[]
}

/** The établissement's shared team notepad. */
export function notesDocumentName(etablissementId: string): string {
  return `etab:${etablissementId}:notes`
}

/** A school year's workspace: grids (and later the action plan and indicators) of that year. */
export function workspaceDocumentName(etablissementId: string, schoolYear: string): string {
  return `etab:${etablissementId}:annee:${schoolYear}`
}

/**
 * A séance's live state (step, timer, counts, revealed results, idea notes). Only the server
 * writes it: every client connection to it is read-only, whatever the role.
 */
export function seanceDocumentName(etablissementId: string, seanceId: string): string {
  return `etab:${etablissementId}:seance:${seanceId}`
}

/** School years are written `2025-2026`: two consecutive years. */
export function isSchoolYear(value: string): boolean {
  const match = /^(\d{4})-(\d{4})$/.exec(value)
  return match !== null && Number(match[2]) === Number(match[1]) + 1
}

/** Reads a document name; undefined when it is not an établissement document of a known kind. */
export function parseDocumentName(name: string): ParsedDocumentName | undefined {
  if (!isValidDocumentName(name)) return undefined
  const [prefix, etablissementId, kind, ...rest] = name.split(':')
  if (prefix !== 'etab' || !etablissementId || !kind) return undefined
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) return undefined
  if (kind === 'notes' && rest.length > 0) return undefined
  if (kind === 'annee' && (rest.length !== 1 || !isSchoolYear(rest[0] ?? ''))) return undefined
  if (kind === 'seance' && (rest.length !== 1 || !/^[A-Za-z0-9_-]{1,64}$/.test(rest[0] ?? '')))
    return undefined
  return { etablissementId, kind: kind as DocumentKind, rest }
}

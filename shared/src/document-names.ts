import { isValidDocumentName } from './protocol.ts'

/**
 * Every shared document belongs to one établissement, and its name says which:
 * `etab:<etablissementId>:<kind>[:<more>]`. The server checks membership from the name alone.
 */
export const DOCUMENT_KINDS = ['notes'] as const
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

/** Reads a document name; undefined when it is not an établissement document of a known kind. */
export function parseDocumentName(name: string): ParsedDocumentName | undefined {
  if (!isValidDocumentName(name)) return undefined
  const [prefix, etablissementId, kind, ...rest] = name.split(':')
  if (prefix !== 'etab' || !etablissementId || !kind) return undefined
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) return undefined
  return { etablissementId, kind: kind as DocumentKind, rest }
}

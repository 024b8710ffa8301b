/**
 * Presence on a shared document (A2): who is here and which field each person is editing. Each
 * tab publishes `user` ({ id, name, color }) and `field` (the attribution key of the field it
 * edits, or null) through the document's awareness. Other tabs' states are untrusted input: they
 * are checked here before anything shows them.
 */
import * as v from 'valibot'
import type { Peer } from '#lib/collab/shared-document.ts'

/** Colours for people, each with AA contrast under white text. */
const PERSON_COLOURS = [
  '#1F4E79',
  '#8A1C6E',
  '#0F6B5F',
  '#9A4A00',
  '#5B3FA8',
  '#B42318',
  '#1B6E3A',
  '#374151',
]

const PresenceUserSchema = v.object({
  id: v.pipe(v.string(), v.maxLength(64)),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  color: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/)),
})
export type PresenceUser = v.InferOutput<typeof PresenceUserSchema>

const FieldSchema = v.nullish(v.pipe(v.string(), v.maxLength(256)))

export interface Present {
  clientId: number
  user: PresenceUser
  initials: string
  /** The field this person is editing now, if any. */
  field: string | null
}

/** A stable colour for a person, the same in every tab. */
export function personColour(userId: string): string {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PERSON_COLOURS[hash % PERSON_COLOURS.length] ?? '#1F4E79'
}

/** "Claire Martin" → "CM"; "Anne-Sophie" → "AS"; one letter at least. */
export function initials(name: string): string {
  const words = name
    .split(/[\s\-–—.]+/u)
    .map((word) => word.trim())
    .filter(Boolean)
  const letters = words.length >= 2 ? [words[0], words[words.length - 1]] : [words[0]]
  const result = letters
    .map((word) => (word ? [...word][0] : ''))
    .join('')
    .toLocaleUpperCase('fr')
  return result || '?'
}

/** The people present on a document (valid states only), one entry per tab, sorted by name. */
export function presentPeople(peers: readonly Peer[]): Present[] {
  const present: Present[] = []
  for (const peer of peers) {
    const user = v.safeParse(PresenceUserSchema, peer.state.user)
    if (!user.success) continue
    const field = v.safeParse(FieldSchema, peer.state.field)
    present.push({
      clientId: peer.clientId,
      user: user.output,
      initials: initials(user.output.name),
      field: field.success ? (field.output ?? null) : null,
    })
  }
  return present.sort((a, b) => a.user.name.localeCompare(b.user.name, 'fr') || a.clientId - b.clientId)
}

/** One entry per person (several tabs of the same person count once), for the "who is here" list. */
export function distinctPeople(present: readonly Present[]): Present[] {
  const seen = new Set<string>()
  return present.filter((person) => !seen.has(person.user.id) && seen.add(person.user.id))
}

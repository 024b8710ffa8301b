/** The single splice that turns one string into another: remove `remove` characters at `index`, then insert `insert`. */
export interface TextSplice {
  index: number
  remove: number
  insert: string
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * The smallest splice from `before` to `after`, or `undefined` when they are equal. `caret` (the
 * caret after the edit) anchors ambiguous edits where the user made them — typing "a" inside
 * "aaa" — so that concurrent edits elsewhere merge where people expect. Splices never cut a
 * surrogate pair, since the other side of a pair may change concurrently.
 *
 * @example diffText('Bonjour', 'Bonsoir') // { index: 3, remove: 3, insert: 'soi' }
 */
export function diffText(before: string, after: string, caret?: number): TextSplice | undefined {
  if (before === after) return undefined
  const shortest = Math.min(before.length, after.length)
  // Common tail first, never reaching left of the caret, so the edit ends where the caret is.
  const maxSuffix = caret === undefined ? shortest : Math.min(shortest, Math.max(0, after.length - caret))
  let suffix = 0
  while (suffix < maxSuffix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix])
    suffix++
  let prefix = 0
  while (prefix < shortest - suffix && before[prefix] === after[prefix]) prefix++
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  }
}

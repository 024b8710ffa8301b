const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

/** A random id of lowercase base32 (Web Crypto: the same in the browser and in Node). */
export function newId(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return Array.from(bytes, (b) => ALPHABET[b % 32]).join('')
}

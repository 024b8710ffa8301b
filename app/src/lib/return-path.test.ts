import { describe, expect, it } from 'vitest'
import { safeReturnPath } from './return-path.ts'

describe('safeReturnPath', () => {
  it('keeps a path of the app, with its query and fragment', () => {
    expect(safeReturnPath('/e/abcdefghijklmnop/membres')).toBe('/e/abcdefghijklmnop/membres')
    expect(safeReturnPath('/invitation/abc?x=1#haut')).toBe('/invitation/abc?x=1#haut')
  })

  it('refuses anything that could leave the app', () => {
    for (const raw of [
      'https://exemple.fr/',
      '//exemple.fr/',
      '/\\exemple.fr',
      '/\t/exemple.fr',
      'javascript:alert(1)',
      'e/relative',
      '',
      null,
      undefined,
    ]) {
      expect(safeReturnPath(raw), String(raw)).toBeUndefined()
    }
  })

  it('never returns to a sign-in page (no loop)', () => {
    expect(safeReturnPath('/connexion?suite=/compte')).toBeUndefined()
    expect(safeReturnPath('/reinitialiser?token=x')).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { showsVersion, withVersion, withoutVersion } from './version-links.ts'

const year = '/e/abcdefghijklmnop/annees/2025-2026'

describe('links that keep a bilan version', () => {
  it('adds the version and keeps the query and the fragment', () => {
    expect(withVersion(year, 'bilanbilanbilan2')).toBe(`${year}?version=bilanbilanbilan2`)
    expect(withVersion(`${year}?referentiel=e3d#critere-ldm-4`, 'b1b1b1b1b1b1b1b1')).toBe(
      `${year}?referentiel=e3d&version=b1b1b1b1b1b1b1b1#critere-ldm-4`,
    )
    expect(withVersion(`${year}/plan?version=old&vue=etat`, 'new')).toBe(`${year}/plan?version=new&vue=etat`)
    expect(withVersion(`${year}/plan`, undefined)).toBe(`${year}/plan`)
  })

  it('removes it for the live year', () => {
    expect(withoutVersion(`${year}/plan?vue=etat&version=abc#x`)).toBe(`${year}/plan?vue=etat#x`)
    expect(withoutVersion(`${year}?version=abc`)).toBe(year)
  })

  it('knows which pages show a version', () => {
    for (const page of ['', '/plan', '/indicateurs', '/tableau-de-bord'])
      expect(showsVersion(`${year}${page}`, year)).toBe(true)
    for (const page of ['/bilans', '/bilans/comparer', '/planning'])
      expect(showsVersion(`${year}${page}`, year)).toBe(false)
    expect(showsVersion('/e/abcdefghijklmnop/annees/2024-2025/plan', year)).toBe(false)
  })
})

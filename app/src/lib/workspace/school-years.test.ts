import { describe, expect, it } from 'vitest'
import {
  newestFirst,
  nextSchoolYear,
  previousSchoolYear,
  proposedSchoolYears,
  safeHttpUrl,
  schoolYearOf,
} from './school-years.ts'

describe('school years', () => {
  it('starts a new year in September', () => {
    expect(schoolYearOf(new Date(2025, 7, 31))).toBe('2024-2025')
    expect(schoolYearOf(new Date(2025, 8, 1))).toBe('2025-2026')
    expect(schoolYearOf(new Date(2026, 0, 15))).toBe('2025-2026')
    expect(schoolYearOf(new Date(2026, 5, 30))).toBe('2025-2026')
  })

  it('proposes the current year and the next one', () => {
    expect(proposedSchoolYears(new Date(2026, 2, 3))).toEqual(['2025-2026', '2026-2027'])
    expect(proposedSchoolYears(new Date(2026, 9, 3))).toEqual(['2026-2027', '2027-2028'])
    expect(nextSchoolYear('2029-2030')).toBe('2030-2031')
    expect(previousSchoolYear('2030-2031')).toBe('2029-2030')
  })

  it('reads the list of years, newest first', () => {
    const year = (schoolYear: string) => ({
      schoolYear,
      documentName: `etab:abcdefghijklmnop:annee:${schoolYear}`,
      frameworkIds: ['lycee-des-metiers'],
      createdAt: '2025-09-01T08:00:00.000Z',
      createdBy: 'Claire Martin',
    })
    const list = [year('2024-2025'), year('2026-2027'), year('2025-2026')]
    expect(newestFirst(list).map((item) => item.schoolYear)).toEqual(['2026-2027', '2025-2026', '2024-2025'])
  })
})

describe('preuve links', () => {
  it('keeps http and https addresses', () => {
    expect(safeHttpUrl(' https://exemple.fr/compte-rendu.pdf ')).toBe('https://exemple.fr/compte-rendu.pdf')
    expect(safeHttpUrl('http://ent.lycee.fr')).toBe('http://ent.lycee.fr/')
  })

  it('refuses every other kind of address', () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://exemple.fr/',
      '/relatif',
      'exemple.fr',
      'https://exemple .fr',
      'file:///etc/passwd',
      '',
    ])
      expect(safeHttpUrl(bad)).toBeUndefined()
  })
})

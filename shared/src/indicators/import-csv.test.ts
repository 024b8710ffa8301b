import { describe, expect, it } from 'vitest'
import { parseDecimal, parseIndicatorValuesCsv, parsePeriod, type IndicatorRef } from './import-csv.ts'

const INDICATORS: IndicatorRef[] = [
  { id: 'i-bac', name: 'Taux de réussite au bac pro', catalogueId: 'reussite-bac-pro' },
  { id: 'i-abs', name: 'Taux d’absentéisme', catalogueId: 'absenteisme' },
  { id: 'i-pfmp', name: 'Entreprises partenaires des PFMP', catalogueId: null },
]

const lines = (...rows: string[]) => rows.join('\r\n')
/** A message holding these words (typed, for the object comparisons below). */
const containing = (words: string): string => expect.stringContaining(words) as string

describe('importing indicator values from CSV', () => {
  it('reads a valid file: names or catalogue ids, every period form, French and English numbers', () => {
    const csv = lines(
      '\uFEFFIndicateur;Période;Valeur;Commentaire',
      'Taux de réussite au bac pro;2024-2025;81;',
      '  taux de RÉUSSITE au bac pro ;2025-2026;84,5;session de juin',
      "Taux d'absentéisme;15/03/2026;12.5 %;",
      'absenteisme;2026-04-15;9,8;avril',
      'Entreprises partenaires des PFMP;2025-2026;1 250;',
      '',
    )
    expect(parseIndicatorValuesCsv(csv, INDICATORS)).toEqual({
      ok: true,
      rows: [
        { indicatorId: 'i-bac', value: 81, period: '2024-2025', comment: '', line: 2 },
        { indicatorId: 'i-bac', value: 84.5, period: '2025-2026', comment: 'session de juin', line: 3 },
        { indicatorId: 'i-abs', value: 12.5, period: '2026-03-15', comment: '', line: 4 },
        { indicatorId: 'i-abs', value: 9.8, period: '2026-04-15', comment: 'avril', line: 5 },
        { indicatorId: 'i-pfmp', value: 1250, period: '2025-2026', comment: '', line: 6 },
      ],
    })
  })

  it('matches the header whatever its case, accents and column order, with commas and no comment', () => {
    const csv = lines('valeur,PERIODE,indicateur', '84.5,2025-2026,reussite-bac-pro')
    expect(parseIndicatorValuesCsv(csv, INDICATORS)).toEqual({
      ok: true,
      rows: [{ indicatorId: 'i-bac', value: 84.5, period: '2025-2026', comment: '', line: 2 }],
    })
  })

  it('refuses a file with a bad date, a non-number and an unknown indicator, one problem per line', () => {
    const csv = lines(
      'Indicateur;Période;Valeur;Commentaire',
      'Taux de réussite au bac pro;2025-2026;84,5;bonne ligne',
      'Taux de réussite au bac pro;31/02/2026;80;',
      'Taux d’absentéisme;2025-2026;douze;',
      'Taux de satisfaction des familles;2025-2026;70;',
    )
    const result = parseIndicatorValuesCsv(csv, INDICATORS)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([
      { line: 3, field: 'Période', message: containing('« 31/02/2026 » n’est pas une période') },
      { line: 4, field: 'Valeur', message: containing('« douze » n’est pas un nombre') },
      {
        line: 5,
        field: 'Indicateur',
        message: containing('« Taux de satisfaction des familles » inconnu'),
      },
    ])
    expect(result.problems[2]?.message).toContain('« Taux de réussite au bac pro »')
  })

  it('reports every problem of a line, and missing cells', () => {
    const result = parseIndicatorValuesCsv(
      lines('Indicateur;Période;Valeur', ';2025;', 'Taux d’absentéisme;2025-2027;'),
      INDICATORS,
    )
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 2, field: 'Indicateur', message: 'nom de l’indicateur manquant' },
        { line: 2, field: 'Période', message: containing('« 2025 » n’est pas une période') },
        { line: 2, field: 'Valeur', message: 'valeur manquante' },
        { line: 3, field: 'Période', message: containing('« 2025-2027 »') },
        { line: 3, field: 'Valeur', message: 'valeur manquante' },
      ],
    })
  })

  it('refuses an empty file, a header alone, and a wrong header', () => {
    expect(parseIndicatorValuesCsv('', INDICATORS)).toEqual({
      ok: false,
      problems: [{ line: 1, field: 'fichier', message: 'le fichier est vide' }],
    })
    expect(parseIndicatorValuesCsv('\uFEFF  \r\n', INDICATORS)).toMatchObject({
      ok: false,
      problems: [{ line: 1, field: 'fichier' }],
    })
    expect(parseIndicatorValuesCsv('Indicateur;Période;Valeur\r\n', INDICATORS)).toEqual({
      ok: false,
      problems: [{ line: 2, field: 'fichier', message: 'aucune valeur à importer sous l’en-tête' }],
    })
    const wrong = parseIndicatorValuesCsv(
      lines('Nom;Date;Valeur', 'Taux de réussite au bac pro;2025-2026;84'),
      INDICATORS,
    )
    expect(wrong).toEqual({
      ok: false,
      problems: [
        {
          line: 1,
          field: 'en-tête',
          message:
            'la première ligne doit nommer les colonnes « Indicateur;Période;Valeur;Commentaire » ' +
            '(manquent : Indicateur, Période)',
        },
      ],
    })
  })

  it('reads quoted fields holding separators, quotes and line breaks, numbering lines as rows', () => {
    const csv = lines(
      'Indicateur;Période;Valeur;Commentaire',
      '"Taux de réussite au bac pro";2025-2026;"84,5";"session de juin; rattrapage ""inclus""\r\nvoir le PV"',
      'Taux d’absentéisme;2025-2026;abc;',
    )
    const refused = parseIndicatorValuesCsv(csv, INDICATORS)
    // The second record starts on the file's fourth line, but it is the spreadsheet's third row.
    expect(refused).toEqual({
      ok: false,
      problems: [{ line: 3, field: 'Valeur', message: containing('« abc »') }],
    })
    const accepted = parseIndicatorValuesCsv(csv.replace(';abc;', ';7;'), INDICATORS)
    expect(accepted).toEqual({
      ok: true,
      rows: [
        {
          indicatorId: 'i-bac',
          value: 84.5,
          period: '2025-2026',
          comment: 'session de juin; rattrapage "inclus"\r\nvoir le PV',
          line: 2,
        },
        { indicatorId: 'i-abs', value: 7, period: '2025-2026', comment: '', line: 3 },
      ],
    })
  })

  it('refuses a decimal comma left unquoted in a comma-separated file, and an unclosed quote', () => {
    const split = parseIndicatorValuesCsv(
      lines('Indicateur,Période,Valeur', 'absenteisme,2025-2026,12,5'),
      INDICATORS,
    )
    expect(split).toEqual({
      ok: false,
      problems: [{ line: 2, field: 'fichier', message: containing('point (12.5)') }],
    })
    const open = parseIndicatorValuesCsv(
      lines('Indicateur;Période;Valeur;Commentaire', 'absenteisme;2025-2026;12;"pas fermé'),
      INDICATORS,
    )
    expect(open).toMatchObject({ ok: false, problems: [{ line: 2, field: 'fichier' }] })
  })

  it('refuses two values of one indicator for the same period, and an ambiguous name', () => {
    const twice = parseIndicatorValuesCsv(
      lines('Indicateur;Période;Valeur', 'absenteisme;2025-2026;12', 'Taux d’absentéisme;2025-2026;11'),
      INDICATORS,
    )
    expect(twice).toEqual({
      ok: false,
      problems: [{ line: 3, field: 'Période', message: containing('à la ligne 2') }],
    })
    const ambiguous = parseIndicatorValuesCsv(lines('Indicateur;Période;Valeur', 'Suivi;2025-2026;1'), [
      { id: 'a', name: 'Suivi', catalogueId: null },
      { id: 'b', name: 'suivi', catalogueId: null },
    ])
    expect(ambiguous).toMatchObject({ ok: false, problems: [{ line: 2, field: 'Indicateur' }] })
  })
})

describe('values and periods as people write them', () => {
  it.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['12 500', 12500],
    ['12\u202f500,25', 12500.25],
    ['85 %', 85],
    ['85%', 85],
    ['-3', -3],
    ['\u22122,5', -2.5],
    [',5', 0.5],
  ])('reads %j as %d', (raw, value) => expect(parseDecimal(raw)).toBe(value))

  it.each(['', 'douze', '1,234.5', '12,5,3', '1e3', '12 €', 'NaN'])('refuses %j', (raw) =>
    expect(parseDecimal(raw)).toBeUndefined(),
  )

  it.each([
    ['2025-2026', '2025-2026'],
    ['2025 - 2026', '2025-2026'],
    ['2026-03-15', '2026-03-15'],
    ['15/03/2026', '2026-03-15'],
    ['1/9/2025', '2025-09-01'],
  ])('reads the period %j as %j', (raw, period) => expect(parsePeriod(raw)).toBe(period))

  it.each(['2025-2027', '31/02/2026', '2026-13-01', 'juin 2026', '03/15/2026'])(
    'refuses the period %j',
    (raw) => expect(parsePeriod(raw)).toBeUndefined(),
  )
})

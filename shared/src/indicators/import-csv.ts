import Papa from 'papaparse'
import { isPeriod, type IndicatorView } from '../workspace/indicators.ts'

/**
 * Reads measured values (valeurs constatées) of a year's indicators from a CSV file (D1):
 *
 *   Indicateur;Période;Valeur;Commentaire
 *   Taux de réussite au bac pro;2025-2026;84,5;session de juin
 *
 * Separator `;` or `,` (as the header uses), BOM tolerated, header required (any case, accents
 * optional, columns in any order, Commentaire optional, other columns ignored). The indicator is
 * named by its name or its catalogue id; the period is a school year, YYYY-MM-DD or JJ/MM/AAAA; the
 * value a French or English decimal ("12,5", "12.5", "12 500", "85 %").
 *
 * All or nothing: every bad line is reported, and rows come back only when none is bad. Lines are
 * numbered as a spreadsheet numbers its rows (the header is line 1; a quoted cell holding line
 * breaks stays on one line), which is where people fix their file.
 */
export interface ImportedValue {
  indicatorId: string
  value: number
  /** YYYY-MM-DD or YYYY-YYYY, as `isPeriod` accepts. */
  period: string
  comment: string
  line: number
}

export interface ValueImportProblem {
  line: number
  /** The column's French name ("Période"), or "en-tête" / "fichier". */
  field: string
  /** French, lower-case start: shown after "Ligne 3 — Période : ". */
  message: string
}

export type ValueImportResult =
  { ok: true; rows: ImportedValue[] } | { ok: false; problems: ValueImportProblem[] }

/** What the parser needs to know of the year's indicators. */
export type IndicatorRef = Pick<IndicatorView, 'id' | 'name' | 'catalogueId'>

export const VALUE_CSV_HEADER = ['Indicateur', 'Période', 'Valeur', 'Commentaire'] as const
type Column = 'indicator' | 'period' | 'value' | 'comment'
const COLUMN_LABELS: Record<Column, string> = {
  indicator: 'Indicateur',
  period: 'Période',
  value: 'Valeur',
  comment: 'Commentaire',
}
/** Header words (folded, see `fold`) for each column; English too, for files made in English. */
const COLUMN_NAMES: Record<Column, readonly string[]> = {
  indicator: ['indicateur', 'indicator'],
  period: ['periode', 'period'],
  value: ['valeur', 'valeur constatee', 'value'],
  comment: ['commentaire', 'comment'],
}
const REQUIRED: readonly Column[] = ['indicator', 'period', 'value']
const MAX_COMMENT = 1000

/** Lower case, no accents, one kind of apostrophe, single spaces: how names are compared. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()

const FRENCH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** "2025-2026", "2026-03-15" or "15/03/2026" → a period, else undefined. */
export function parsePeriod(raw: string): string | undefined {
  const text = raw.trim().replace(/\s*-\s*/, '-')
  const french = FRENCH_DATE.exec(text)
  const period = french ? `${french[3]}-${french[2]?.padStart(2, '0')}-${french[1]?.padStart(2, '0')}` : text
  return isPeriod(period) ? period : undefined
}

/**
 * "12,5", "12.5", "12 500", "85 %", "-3" → a number, else undefined. A comma is a decimal comma
 * (French first); a number using both a comma and a point is refused rather than guessed.
 */
export function parseDecimal(raw: string): number | undefined {
  const text = raw
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/%$/, '')
    .replace(/^\u2212/, '-')
  if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(text)) return undefined
  const value = Number(text.replace(',', '.'))
  return Number.isFinite(value) ? value : undefined
}

/** Finds an indicator by name or catalogue id; `ambiguous` when several answer to it. */
function indicatorFinder(indicators: readonly IndicatorRef[]) {
  const byKey = new Map<string, IndicatorRef[]>()
  const add = (key: string, indicator: IndicatorRef) => {
    const list = byKey.get(key) ?? []
    if (!list.includes(indicator)) list.push(indicator)
    byKey.set(key, list)
  }
  for (const indicator of indicators) {
    add(fold(indicator.name), indicator)
    if (indicator.catalogueId) add(fold(indicator.catalogueId), indicator)
  }
  return (raw: string): IndicatorRef | 'ambiguous' | undefined => {
    const found = byKey.get(fold(raw))
    if (!found) return undefined
    return found.length === 1 ? found[0] : 'ambiguous'
  }
}

/** Which column holds what, from the header row; a problem when a required one is missing. */
function readHeader(
  cells: readonly string[],
): { columns: Map<Column, number> } | { problem: ValueImportProblem } {
  const columns = new Map<Column, number>()
  cells.forEach((cell, index) => {
    const word = fold(cell)
    for (const [column, names] of Object.entries(COLUMN_NAMES) as Array<[Column, readonly string[]]>)
      if (names.includes(word) && !columns.has(column)) columns.set(column, index)
  })
  const missing = REQUIRED.filter((column) => !columns.has(column)).map((column) => COLUMN_LABELS[column])
  if (missing.length === 0) return { columns }
  return {
    problem: {
      line: 1,
      field: 'en-tête',
      message:
        `la première ligne doit nommer les colonnes « ${VALUE_CSV_HEADER.join(';')} » ` +
        `(${missing.length === 1 ? 'manque' : 'manquent'} : ${missing.join(', ')})`,
    },
  }
}

export function parseIndicatorValuesCsv(csv: string, indicators: readonly IndicatorRef[]): ValueImportResult {
  const text = csv.replace(/^\uFEFF/, '')
  if (text.trim() === '')
    return { ok: false, problems: [{ line: 1, field: 'fichier', message: 'le fichier est vide' }] }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = firstLine.includes(';') || !firstLine.includes(',') ? ';' : ','
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false })
  const [header = [], ...records] = parsed.data
  const head = readHeader(header)
  if ('problem' in head) return { ok: false, problems: [head.problem] }
  const { columns } = head

  const problems: ValueImportProblem[] = []
  // Papaparse reports a quote left open at the row where it starts.
  for (const error of parsed.errors)
    if (error.code === 'MissingQuotes' || error.code === 'InvalidQuotes')
      problems.push({
        line: (error.row ?? 0) + 1,
        field: 'fichier',
        message: 'guillemet non refermé : une cellule entre guillemets doit se terminer par un guillemet',
      })

  const find = indicatorFinder(indicators)
  const rows: ImportedValue[] = []
  // indicator id + period → the line that gave it a value first.
  const seen = new Map<string, number>()
  records.forEach((cells, index) => {
    const line = index + 2
    const cell = (column: Column) => {
      const at = columns.get(column)
      return at === undefined ? '' : (cells[at] ?? '').trim()
    }
    if (cells.every((value) => value.trim() === '')) return
    const problem = (column: Column, message: string) =>
      problems.push({ line, field: COLUMN_LABELS[column], message })
    // "12,5" unquoted in a comma-separated file splits into two cells: refuse rather than guess.
    if (cells.slice(header.length).some((value) => value.trim() !== '')) {
      problems.push({
        line,
        field: 'fichier',
        message:
          delimiter === ','
            ? 'plus de cellules que de colonnes : avec la virgule comme séparateur, écrivez les nombres avec un point (12.5) ou entre guillemets ("12,5")'
            : 'plus de cellules que de colonnes : mettez entre guillemets une cellule qui contient un point-virgule',
      })
      return
    }

    const name = cell('indicator')
    const found = name === '' ? undefined : find(name)
    if (name === '') problem('indicator', 'nom de l’indicateur manquant')
    else if (found === 'ambiguous')
      problem(
        'indicator',
        `plusieurs indicateurs de l’année répondent à « ${name} » : utilisez leur nom exact`,
      )
    else if (!found) problem('indicator', unknownIndicatorMessage(name, indicators))

    const rawPeriod = cell('period')
    const period = parsePeriod(rawPeriod)
    if (rawPeriod === '') problem('period', 'période manquante (une année scolaire 2025-2026 ou une date)')
    else if (!period)
      problem(
        'period',
        `« ${rawPeriod} » n’est pas une période : attendu une année scolaire (2025-2026), ` +
          'une date JJ/MM/AAAA ou AAAA-MM-JJ',
      )

    const rawValue = cell('value')
    const value = parseDecimal(rawValue)
    if (rawValue === '') problem('value', 'valeur manquante')
    else if (value === undefined)
      problem('value', `« ${rawValue} » n’est pas un nombre (par exemple 12,5 ou 12.5)`)

    const comment = cell('comment')
    if (comment.length > MAX_COMMENT)
      problem('comment', `commentaire trop long (${MAX_COMMENT} caractères au plus)`)

    if (!found || found === 'ambiguous' || !period || value === undefined || comment.length > MAX_COMMENT)
      return
    const key = `${found.id}\n${period}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      problem('period', `« ${found.name} » a déjà une valeur pour ${rawPeriod} à la ligne ${earlier}`)
      return
    }
    seen.set(key, line)
    rows.push({ indicatorId: found.id, value, period, comment, line })
  })

  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) }
  if (rows.length === 0)
    return {
      ok: false,
      problems: [{ line: 2, field: 'fichier', message: 'aucune valeur à importer sous l’en-tête' }],
    }
  return { ok: true, rows }
}

function unknownIndicatorMessage(name: string, indicators: readonly IndicatorRef[]): string {
  if (indicators.length === 0)
    return `indicateur « ${name} » inconnu : l’année ne suit encore aucun indicateur`
  const names = indicators.map((indicator) => `« ${indicator.name} »`)
  const known = names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')}…`
  return `indicateur « ${name} » inconnu dans cette année (indicateurs suivis : ${known})`
}

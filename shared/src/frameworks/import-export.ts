import * as v from 'valibot'
import { FrameworkDefinitionSchema, type FrameworkDefinition } from '../api/frameworks.ts'

/** One problem in an imported file, named by line (CSV) or path (JSON) and field. */
export interface ImportProblem {
  /** 1-based line of the CSV file; undefined for JSON. */
  line?: number
  field: string
  message: string
}

export type ImportResult =
  { ok: true; framework: FrameworkDefinition } | { ok: false; problems: ImportProblem[] }

const HEADER = ['Critère', 'Descripteur', 'Attendus']

/** Splits one CSV line on `;` or `,` (as the header uses), with "quoted ""fields""". */
function splitCsvLine(line: string, separator: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"'
      i++
    } else if (ch === '"') {
      quoted = !quoted
    } else if (!quoted && ch === separator) {
      cells.push(cell)
      cell = ''
    } else {
      cell += ch
    }
  }
  cells.push(cell)
  return cells.map((c) => c.trim())
}

const slugOf = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)

/**
 * Replaces a framework's descriptors with those of a CSV file (`Critère;Descripteur;Attendus`,
 * the criterion by its number). All or nothing: any bad line refuses the whole file.
 */
export function importDescriptorsCsv(base: FrameworkDefinition, csv: string): ImportResult {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = lines[0] ?? ''
  const separator = header.includes(';') ? ';' : ','
  const columns = splitCsvLine(header, separator).map((c) => c.toLowerCase())
  if (columns[0] !== 'critère' || columns[1] !== 'descripteur') {
    return {
      ok: false,
      problems: [
        { line: 1, field: 'en-tête', message: `la première ligne doit être « ${HEADER.join(';')} »` },
      ],
    }
  }
  const problems: ImportProblem[] = []
  const byCriterion = new Map(
    base.criteria.map((c) => [c.number, [] as FrameworkDefinition['criteria'][number]['descriptors']]),
  )
  const usedIds = new Set<string>()
  lines.slice(1).forEach((raw, index) => {
    const line = index + 2
    if (raw.trim() === '') return
    const [criterion = '', text = '', expectations = ''] = splitCsvLine(raw, separator)
    const list = byCriterion.get(criterion)
    if (!list)
      problems.push({
        line,
        field: 'Critère',
        message: `critère « ${criterion} » inconnu (attendu : ${[...byCriterion.keys()].join(', ')})`,
      })
    if (text === '') problems.push({ line, field: 'Descripteur', message: 'texte du descripteur vide' })
    else if (text.length > 600)
      problems.push({ line, field: 'Descripteur', message: 'texte trop long (600 caractères au plus)' })
    if (expectations.length > 2000)
      problems.push({ line, field: 'Attendus', message: 'texte trop long (2000 caractères au plus)' })
    if (!list || text === '' || text.length > 600) return
    let id = `${slugOf(`c${criterion}-${text}`)}`
    for (let n = 2; usedIds.has(id); n++) id = `${slugOf(`c${criterion}-${text}`)}-${n}`
    usedIds.add(id)
    list.push({ id, text, expectations })
  })
  if (problems.length > 0) return { ok: false, problems }
  const framework = {
    ...base,
    criteria: base.criteria.map((c) => ({ ...c, descriptors: byCriterion.get(c.number) ?? [] })),
  }
  return checked(framework)
}

/** The descriptors of a framework as CSV, in the format `importDescriptorsCsv` reads. */
export function exportDescriptorsCsv(framework: FrameworkDefinition): string {
  const cell = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
  const rows = framework.criteria.flatMap((c) =>
    c.descriptors.map((d) => [c.number, d.text, d.expectations ?? ''].map(cell).join(';')),
  )
  return `\uFEFF${[HEADER.join(';'), ...rows].join('\r\n')}\r\n`
}

/** Reads a whole framework from JSON (as exported), naming each faulty field by its path. */
export function importFrameworkJson(json: string): ImportResult {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (error) {
    return {
      ok: false,
      problems: [
        { field: 'fichier', message: `JSON illisible : ${error instanceof Error ? error.message : ''}` },
      ],
    }
  }
  return checked(data)
}

function checked(data: unknown): ImportResult {
  const result = v.safeParse(FrameworkDefinitionSchema, data)
  if (result.success) return { ok: true, framework: result.output }
  return {
    ok: false,
    problems: result.issues.map((issue) => ({
      field:
        issue.path
          ?.map((p) => (typeof p.key === 'number' ? `[${p.key}]` : String(p.key)))
          .join('.')
          .replace(/\.\[/g, '[') || 'référentiel',
      message: issue.message,
    })),
  }
}

import * as Y from 'yjs'
import { ENTRY_TEXT_FIELDS, PREUVE_KINDS, type Attribution } from './schema.ts'
import { followedFrameworkIds, readCriteria, scaleOf } from './grid.ts'

/**
 * Problems with a workspace document's structure, empty when it is valid: every listed descriptor
 * has a complete entry, every level is on its framework's scale, every preuve is a link or a file
 * with its fields, attributions are well formed.
 * Used by tests (fuzzing) and, later, by the server before freezing a bilan.
 */
export function validateWorkspace(doc: Y.Doc): string[] {
  const problems: string[] = []
  const meta = doc.getMap('meta')
  if (typeof meta.get('schemaVersion') !== 'number') problems.push('meta.schemaVersion missing')
  if (typeof meta.get('schoolYear') !== 'string') problems.push('meta.schoolYear missing')
  const grids = doc.getMap<Y.Map<unknown>>('grids')
  for (const frameworkId of followedFrameworkIds(doc)) {
    const grid = grids.get(frameworkId)
    const entries = grid?.get('entries')
    const syntheses = grid?.get('syntheses')
    if (!(entries instanceof Y.Map) || !(syntheses instanceof Y.Map)) {
      problems.push(`${frameworkId}: grid incomplete`)
      continue
    }
    const levels = new Set(scaleOf(doc, frameworkId).levels.map((l) => l.id))
    for (const criterion of readCriteria(doc, frameworkId)) {
      if (!(syntheses.get(criterion.id) instanceof Y.Text))
        problems.push(`${frameworkId}/${criterion.id}: no synthesis`)
      for (const descriptor of criterion.descriptors) {
        const entry: unknown = entries.get(descriptor.id)
        const where = `${frameworkId}/${descriptor.id}`
        if (!(entry instanceof Y.Map)) {
          problems.push(`${where}: no entry`)
          continue
        }
        const level: unknown = entry.get('level')
        if (level !== null && (typeof level !== 'string' || !levels.has(level)))
          problems.push(`${where}: level ${JSON.stringify(level)} not on the scale`)
        for (const field of ENTRY_TEXT_FIELDS)
          if (!(entry.get(field) instanceof Y.Text)) problems.push(`${where}: ${field} is not a text`)
        for (const field of ['preuves', 'indicatorIds', 'actionIds'])
          if (!(entry.get(field) instanceof Y.Array)) problems.push(`${where}: ${field} is not a list`)
        const preuves: unknown = entry.get('preuves')
        if (preuves instanceof Y.Array)
          preuves.forEach((preuve: unknown, index) => {
            const problem = preuveProblem(preuve)
            if (problem) problems.push(`${where}: preuve ${index} ${problem}`)
          })
      }
    }
  }
  for (const [key, value] of doc.getMap<Attribution>('attributions')) {
    if (typeof value?.by !== 'string' || typeof value.name !== 'string' || typeof value.at !== 'string')
      problems.push(`attribution ${key} malformed`)
  }
  return problems
}

/** What is wrong with one preuve (see `Preuve` in schema.ts), or undefined. */
function preuveProblem(preuve: unknown): string | undefined {
  if (!(preuve instanceof Y.Map)) return 'is not a map'
  const kind: unknown = preuve.get('kind')
  if (!PREUVE_KINDS.some((known) => known === kind)) return `has an unknown kind ${JSON.stringify(kind)}`
  for (const field of ['id', 'label', 'ref'])
    if (typeof preuve.get(field) !== 'string') return `has no ${field}`
  const size: unknown = preuve.get('size')
  if (size !== undefined && (kind !== 'fichier' || !Number.isSafeInteger(size) || (size as number) < 0))
    return `has a bad size ${JSON.stringify(size)}`
  return undefined
}

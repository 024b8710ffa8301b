/**
 * Exports of the action plan and indicators from the browser (they are built from the shared
 * document the page already holds, so they work offline too).
 */
import type * as Y from 'yjs'
import { REFORM_MEASURES } from '@rouages/shared/frameworks/reform'
import type { ExportContext, Table } from '@rouages/shared/exports/tables'
import { localIsoDate } from '@rouages/shared/workspace/actions'
import { frameworkLabelOf, followedFrameworkIds, readCriteria } from '@rouages/shared/workspace/grid'

/** Names for what an export refers to by id: members, criteria and descriptors, reform measures. */
export function exportContext(doc: Y.Doc, personName: (userId: string) => string): ExportContext {
  const labels = new Map<string, string>()
  for (const frameworkId of followedFrameworkIds(doc)) {
    const framework = frameworkLabelOf(doc, frameworkId) ?? frameworkId
    for (const criterion of readCriteria(doc, frameworkId)) {
      labels.set(
        `${frameworkId}/${criterion.id}`,
        `${framework} — critère ${criterion.number} : ${criterion.shortTitle}`,
      )
      for (const descriptor of criterion.descriptors)
        labels.set(
          `${frameworkId}/${descriptor.id}`,
          `${framework} — ${criterion.number} : ${descriptor.text}`,
        )
    }
  }
  const measures = new Map(
    REFORM_MEASURES.map((measure) => [measure.id, `Mesure ${measure.number} : ${measure.label}`]),
  )
  return {
    personName,
    linkLabel: (key) => labels.get(key) ?? key,
    measureLabel: (id) => measures.get(id) ?? id,
    today: localIsoDate(),
  }
}

export type ExportFormat = 'csv' | 'xlsx'

/** Builds the file and has the browser save it. CSV takes the first table; XLSX has one sheet each. */
export async function downloadTables(tables: Table[], format: ExportFormat, fileStem: string): Promise<void> {
  const { toCsv, toXlsx } = await import('@rouages/shared/exports/formats')
  const first = tables[0]
  if (!first) return
  const blob =
    format === 'csv' ? new Blob([toCsv(first)], { type: 'text/csv;charset=utf-8' }) : await toXlsx(tables)
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = `${fileStem}.${format}`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** "plan-d-action-lycee-jean-moulin-2025-2026" */
export function fileStem(...parts: string[]): string {
  return parts
    .join('-')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

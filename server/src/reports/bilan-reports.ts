import type { BilanSummary } from '@rouages/shared/api/bilans'
import { bilanReport } from '@rouages/shared/report/bilan-report'
import type { Report } from '@rouages/shared/report/model'
import type { Role } from '@rouages/shared/roles'
import type { WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import type { Bilans } from '../services/bilans.ts'
import type { Etablissements } from '../services/etablissements.ts'
import { renderInWorker } from './render-pool.ts'

export const REPORT_FORMATS = ['pdf', 'docx', 'odt'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/**
 * Each format's MIME type; the renderers themselves run on a worker thread (`render-pool.ts`),
 * loaded there on first use.
 */
const RENDERERS: Record<ReportFormat, { mime: string }> = {
  pdf: { mime: 'application/pdf' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  odt: { mime: 'application/vnd.oasis.opendocument.text' },
}

export interface RenderedReport {
  bytes: Uint8Array<ArrayBuffer>
  mime: string
  fileName: string
}

/** Any report model (a bilan's, a label's dossier) as a file of that format, named `<stem>.<format>`. */
export async function renderReport(
  report: Report,
  format: ReportFormat,
  stem: string,
): Promise<RenderedReport> {
  const bytes = await renderInWorker(report, format)
  return { bytes, mime: RENDERERS[format].mime, fileName: `${stem}.${format}` }
}

/**
 * A frozen bilan as the "Suivi du label" section of the rapport annuel (E4), in one of the three
 * formats: the bilan and its JSON rendering, the établissement and its members' names, and — for
 * each criterion's change — the latest bilan of the year before, if there is one.
 */
export async function renderBilanReport(
  deps: { bilans: Bilans; etablissements: Etablissements },
  request: { etablissementId: string; role: Role; schoolYear: string; bilanId: string; format: ReportFormat },
): Promise<RenderedReport> {
  const { etablissementId, schoolYear, bilanId, format } = request
  const [summary, snapshot, etablissement, members, previous] = await Promise.all([
    deps.bilans.get(etablissementId, schoolYear, bilanId),
    deps.bilans.snapshot(etablissementId, schoolYear, bilanId),
    deps.etablissements.get(etablissementId, request.role),
    deps.etablissements.members(etablissementId),
    previousYearBilan(deps.bilans, etablissementId, schoolYear),
  ])
  const names = new Map(members.map((member) => [member.userId, member.displayName]))
  const report = bilanReport(summary, snapshot, {
    etablissement,
    // A pilote who has since left the établissement is no longer among its members.
    personName: (userId) => names.get(userId) ?? 'ancien membre',
    previous,
  })
  return renderReport(report, format, reportFileStem(etablissement.name, summary))
}

/** The year before "2025-2026" is "2024-2025"; its latest bilan, if any. */
async function previousYearBilan(
  bilans: Bilans,
  etablissementId: string,
  schoolYear: string,
): Promise<WorkspaceSnapshot | undefined> {
  const start = Number(schoolYear.slice(0, 4))
  const [latest] = await bilans.list(etablissementId, `${start - 1}-${start}`)
  return latest ? bilans.snapshot(etablissementId, latest.schoolYear, latest.id) : undefined
}

/** "Suivi du label 2025-2026 - Lycée Jean Jaurès - Bilan de juin", without characters file systems refuse. */
export function reportFileStem(
  etablissementName: string,
  summary: Pick<BilanSummary, 'schoolYear' | 'name'>,
): string {
  return fileStem(`Suivi du label ${summary.schoolYear} - ${etablissementName} - ${summary.name}`)
}

/** A file name's stem without the characters file systems refuse, at most 180 characters. */
export function fileStem(text: string): string {
  return text
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 180)
    .trim()
}

/**
 * `attachment` with the French name in `filename*` (RFC 6266 / 5987) and an ASCII `filename` for
 * old clients.
 */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

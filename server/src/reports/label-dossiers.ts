import { labelDossier } from '@rouages/shared/report/label-dossier'
import type { Role } from '@rouages/shared/roles'
import type { Bilans } from '../services/bilans.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { FrameworkLibrary } from '../services/framework-library.ts'
import type { Labels } from '../services/labels.ts'
import { fileStem, renderReport, type RenderedReport, type ReportFormat } from './bilan-reports.ts'

/**
 * A label's renewal dossier (H2) in one of the three formats: every bilan frozen during its cycle,
 * oldest first, with the label's summary and the change from the first bilan to the last.
 */
export async function renderLabelDossier(
  deps: { labels: Labels; bilans: Bilans; etablissements: Etablissements; library: FrameworkLibrary },
  request: { etablissementId: string; role: Role; labelId: string; format: ReportFormat },
): Promise<RenderedReport> {
  const { etablissementId, format } = request
  const label = await deps.labels.get(etablissementId, request.labelId)
  const [etablissement, members, framework, bilans] = await Promise.all([
    deps.etablissements.get(etablissementId, request.role),
    deps.etablissements.members(etablissementId),
    // A framework the library no longer has keeps its id as its name.
    deps.library.latest(etablissementId, label.frameworkId).catch(() => undefined),
    Promise.all(
      label.bilans.map(async ({ id, schoolYear }) => ({
        summary: await deps.bilans.get(etablissementId, schoolYear, id),
        snapshot: await deps.bilans.snapshot(etablissementId, schoolYear, id),
      })),
    ),
  ])
  const names = new Map(members.map((member) => [member.userId, member.displayName]))
  const report = labelDossier(label, bilans, {
    etablissement,
    frameworkLabel: framework?.label ?? label.frameworkId,
    // A pilote who has since left the établissement is no longer among its members.
    personName: (userId) => names.get(userId) ?? 'ancien membre',
  })
  return renderReport(
    report,
    format,
    fileStem(
      `Dossier de renouvellement - ${etablissement.name} - ${label.intitule} - ${label.cycleStart}-${label.cycleEnd}`,
    ),
  )
}

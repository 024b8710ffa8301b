import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { EtablissementIdParamSchema } from '@rouages/shared/api/etablissements'
import { LabelIdParamSchema, LabelInputSchema, LabelSchema } from '@rouages/shared/api/labels'
import type { AppEnv } from '../http/context.ts'
import { attachmentHeader, type ReportFormat } from '../reports/bilan-reports.ts'
import { renderLabelDossier } from '../reports/label-dossiers.ts'
import type { Services } from '../http/services.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Labels']

type LabelDeps = Pick<Services, 'etablissements' | 'labels' | 'bilans' | 'library'>

/**
 * Labels held and their cycles: /api/etablissements/:etablissementId/labels, and each label's
 * renewal dossier (H2: every bilan of the cycle in one document), one route per format.
 */
export function labelRoutes(deps: LabelDeps) {
  return new Hono<AppEnv>()
    .get(
      '/:etablissementId/labels',
      describeRoute({
        tags,
        summary: 'Labels détenus ou préparés, cycles et bilans du cycle',
        responses: { 200: jsonResponse(v.array(LabelSchema), 'Labels'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      requirePermission(deps.etablissements, 'workspace.read'),
      async (c) => c.json(await deps.labels.list(membershipOf(c).etablissementId)),
    )
    .post(
      '/:etablissementId/labels',
      describeRoute({
        tags,
        summary: 'Déclarer un label et son cycle',
        responses: { 201: jsonResponse(LabelSchema, 'Label'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      validate('json', LabelInputSchema),
      requirePermission(deps.etablissements, 'workspace.manage'),
      async (c) =>
        c.json(
          await deps.labels.create(requireAuth(c).user, membershipOf(c).etablissementId, c.req.valid('json')),
          201,
        ),
    )
    .put(
      '/:etablissementId/labels/:labelId',
      describeRoute({
        tags,
        summary: 'Mettre à jour un label : cycle, statut, décision',
        responses: { 200: jsonResponse(LabelSchema, 'Label'), ...errorResponses },
      }),
      validate('param', LabelIdParamSchema),
      validate('json', LabelInputSchema),
      requirePermission(deps.etablissements, 'workspace.manage'),
      async (c) =>
        c.json(
          await deps.labels.update(
            requireAuth(c).user,
            membershipOf(c).etablissementId,
            c.req.valid('param').labelId,
            c.req.valid('json'),
          ),
        ),
    )
    .get('/:etablissementId/labels/:labelId/dossier.pdf', ...dossierRoute(deps, 'pdf'))
    .get('/:etablissementId/labels/:labelId/dossier.docx', ...dossierRoute(deps, 'docx'))
    .get('/:etablissementId/labels/:labelId/dossier.odt', ...dossierRoute(deps, 'odt'))
}

/** The handlers of one dossier route: documented, validated, readers and up, sent as an attachment. */
function dossierRoute(deps: LabelDeps, format: ReportFormat) {
  return [
    describeRoute({
      tags,
      summary: `Dossier de renouvellement : les bilans du cycle en un document (${format.toUpperCase()})`,
      responses: errorResponses,
    }),
    validate('param', LabelIdParamSchema),
    requirePermission(deps.etablissements, 'workspace.read'),
    async (c: Context<AppEnv>) => {
      // Checked by `validate` above; parsed again for its types.
      const { labelId } = v.parse(LabelIdParamSchema, c.req.param())
      const dossier = await renderLabelDossier(deps, { ...membershipOf(c), labelId, format })
      return c.body(dossier.bytes, 200, {
        'content-type': dossier.mime,
        'content-disposition': attachmentHeader(dossier.fileName),
        'cache-control': 'private, no-cache',
      })
    },
  ] as const
}

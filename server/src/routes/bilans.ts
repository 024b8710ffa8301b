import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import {
  BilanFreezeSchema,
  BilanIdParamSchema,
  BilanParamSchema,
  BilanStepInputSchema,
  BilanSummarySchema,
  ShareCreateSchema,
  ShareCreatedSchema,
  ShareIdParamSchema,
  ShareSchema,
  ShareTokenParamSchema,
  SharedBilanSchema,
} from '@rouages/shared/api/bilans'
import type { AppEnv } from '../http/context.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { attachmentHeader, renderBilanReport, type ReportFormat } from '../reports/bilan-reports.ts'
import { baseUrl, type Services } from '../http/services.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Bilans annuels']

/**
 * Bilans of a school year: /api/etablissements/:etablissementId/annees/:schoolYear/bilans. There is
 * deliberately no route that changes a frozen bilan: only its approval trail grows.
 */
export function bilanRoutes(deps: Services) {
  const base = '/:etablissementId/annees/:schoolYear/bilans'
  return (
    new Hono<AppEnv>()
      .get(
        base,
        describeRoute({
          tags,
          summary: 'Bilans figés de l’année',
          responses: { 200: jsonResponse(v.array(BilanSummarySchema), 'Bilans'), ...errorResponses },
        }),
        validate('param', BilanParamSchema),
        requirePermission(deps.etablissements, 'workspace.read'),
        async (c) =>
          c.json(await deps.bilans.list(membershipOf(c).etablissementId, c.req.valid('param').schoolYear)),
      )
      .post(
        base,
        describeRoute({
          tags,
          summary: 'Figer l’année en un bilan (grilles, plan d’action, indicateurs)',
          responses: { 201: jsonResponse(BilanSummarySchema, 'Bilan figé'), ...errorResponses },
        }),
        validate('param', BilanParamSchema),
        validate('json', BilanFreezeSchema),
        requirePermission(deps.etablissements, 'workspace.manage'),
        async (c) => {
          const { name, note } = c.req.valid('json')
          const bilan = await deps.bilans.freeze(
            requireAuth(c).user,
            membershipOf(c).etablissementId,
            c.req.valid('param').schoolYear,
            { name, note: note ?? '' },
          )
          return c.json(bilan, 201)
        },
      )
      .get(
        `${base}/:bilanId`,
        describeRoute({
          tags,
          summary: 'Un bilan et son parcours d’approbation',
          responses: { 200: jsonResponse(BilanSummarySchema, 'Bilan'), ...errorResponses },
        }),
        validate('param', BilanIdParamSchema),
        requirePermission(deps.etablissements, 'workspace.read'),
        async (c) => {
          const { schoolYear, bilanId } = c.req.valid('param')
          return c.json(await deps.bilans.get(membershipOf(c).etablissementId, schoolYear, bilanId))
        },
      )
      .get(
        `${base}/:bilanId/contenu`,
        describeRoute({ tags, summary: 'Le contenu figé du bilan (JSON)', responses: errorResponses }),
        validate('param', BilanIdParamSchema),
        requirePermission(deps.etablissements, 'workspace.read'),
        async (c) => {
          const { schoolYear, bilanId } = c.req.valid('param')
          return c.json(await deps.bilans.snapshot(membershipOf(c).etablissementId, schoolYear, bilanId))
        },
      )
      .get(
        `${base}/:bilanId/etat`,
        describeRoute({ tags, summary: 'L’état Yjs figé du bilan (binaire)', responses: errorResponses }),
        validate('param', BilanIdParamSchema),
        requirePermission(deps.etablissements, 'workspace.read'),
        async (c) => {
          const { schoolYear, bilanId } = c.req.valid('param')
          const state = await deps.bilans.state(membershipOf(c).etablissementId, schoolYear, bilanId)
          return c.body(new Uint8Array(state), 200, {
            'content-type': 'application/octet-stream',
            'cache-control': 'private, max-age=31536000, immutable',
          })
        },
      )
      .post(
        `${base}/:bilanId/etapes`,
        describeRoute({
          tags,
          summary: 'Enregistrer l’étape suivante : approbation, présentation au CP, au CA',
          responses: { 201: jsonResponse(BilanSummarySchema, 'Bilan'), ...errorResponses },
        }),
        validate('param', BilanIdParamSchema),
        validate('json', BilanStepInputSchema),
        requirePermission(deps.etablissements, 'workspace.read'),
        async (c) => {
          const { schoolYear, bilanId } = c.req.valid('param')
          const membership = membershipOf(c)
          const bilan = await deps.bilans.recordStep(
            requireAuth(c).user,
            membership.role,
            membership.etablissementId,
            schoolYear,
            bilanId,
            c.req.valid('json'),
          )
          return c.json(bilan, 201)
        },
      )
      .get(
        `${base}/:bilanId/partages`,
        describeRoute({
          tags,
          summary: 'Liens de partage du bilan',
          responses: { 200: jsonResponse(v.array(ShareSchema), 'Liens'), ...errorResponses },
        }),
        validate('param', BilanIdParamSchema),
        requirePermission(deps.etablissements, 'workspace.manage'),
        async (c) => {
          const { schoolYear, bilanId } = c.req.valid('param')
          return c.json(await deps.bilanShares.list(membershipOf(c).etablissementId, schoolYear, bilanId))
        },
      )
      .post(
        `${base}/:bilanId/partages`,
        describeRoute({
          tags,
          summary: 'Créer un lien de lecture seule vers ce bilan (sans compte)',
          responses: {
            201: jsonResponse(ShareCreatedSchema, 'Lien, montré une seule fois'),
            ...errorResponses,
          },
        }),
        validate('param', BilanIdParamSchema),
        validate('json', ShareCreateSchema),
        requirePermission(deps.etablissements, 'workspace.manage'),
        async (c) => {
          const { schoolYear, bilanId } = c.req.valid('param')
          const { label, expiresInDays } = c.req.valid('json')
          const share = await deps.bilanShares.create(
            requireAuth(c).user,
            membershipOf(c).etablissementId,
            schoolYear,
            bilanId,
            { label: label ?? '', expiresInDays },
            baseUrl(c, deps),
          )
          return c.json(share, 201)
        },
      )
      .delete(
        `${base}/:bilanId/partages/:shareId`,
        describeRoute({ tags, summary: 'Révoquer un lien de partage', responses: errorResponses }),
        validate('param', ShareIdParamSchema),
        requirePermission(deps.etablissements, 'workspace.manage'),
        async (c) => {
          const { schoolYear, bilanId, shareId } = c.req.valid('param')
          await deps.bilanShares.revoke(
            requireAuth(c).user,
            membershipOf(c).etablissementId,
            schoolYear,
            bilanId,
            shareId,
          )
          return c.body(null, 204)
        },
      )
      // E4: the bilan as the "Suivi du label" section of the rapport annuel, one route per format.
      .get(`${base}/:bilanId/rapport.pdf`, ...reportRoute(deps, 'pdf'))
      .get(`${base}/:bilanId/rapport.docx`, ...reportRoute(deps, 'docx'))
      .get(`${base}/:bilanId/rapport.odt`, ...reportRoute(deps, 'odt'))
  )
}

/** What a share link opens, without an account: /api/partages/:token */
export function sharedBilanRoutes(deps: Pick<Services, 'bilanShares'>) {
  return new Hono<AppEnv>().get(
    '/:token',
    describeRoute({
      tags,
      summary: 'Un bilan partagé, en lecture seule',
      responses: { 200: jsonResponse(SharedBilanSchema, 'Bilan et contenu figé'), ...errorResponses },
    }),
    validate('param', ShareTokenParamSchema),
    async (c) => {
      c.header('cache-control', 'no-store')
      c.header('referrer-policy', 'no-referrer')
      return c.json(await deps.bilanShares.open(c.req.valid('param').token))
    },
  )
}

/** The handlers of one report route: documented, validated, readers and up, sent as an attachment. */
function reportRoute(deps: Services, format: ReportFormat) {
  return [
    describeRoute({
      tags,
      summary: `Le bilan comme section « Suivi du label » du rapport annuel (${format.toUpperCase()})`,
      responses: errorResponses,
    }),
    validate('param', BilanIdParamSchema),
    requirePermission(deps.etablissements, 'workspace.read'),
    async (c: Context<AppEnv>) => {
      // Checked by `validate` above; parsed again for its types.
      const { schoolYear, bilanId } = v.parse(BilanIdParamSchema, c.req.param())
      const report = await renderBilanReport(deps, { ...membershipOf(c), schoolYear, bilanId, format })
      return c.body(report.bytes, 200, {
        'content-type': report.mime,
        'content-disposition': attachmentHeader(report.fileName),
        'cache-control': 'private, no-cache',
      })
    },
  ] as const
}

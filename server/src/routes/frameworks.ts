import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { FrameworkDefinitionSchema, FrameworkVersionSchema } from '@rouages/shared/api/frameworks'
import { EtablissementIdParamSchema } from '@rouages/shared/api/etablissements'
import {
  exportDescriptorsCsv,
  importDescriptorsCsv,
  importFrameworkJson,
  type ImportResult,
} from '@rouages/shared/frameworks/import-export'
import type { AppEnv } from '../http/context.ts'
import { apiError } from '../http/errors.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { FrameworkLibrary } from '../services/framework-library.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Référentiels']
const FrameworkParam = v.object({
  etablissementId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16,32}$/)),
  frameworkId: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{1,47}$/)),
})
const textBody = (summary: string) => ({
  content: { 'text/plain': { schema: { type: 'string' as const } } },
  description: summary,
})

/** A failed import: 400 with every problem, nothing saved. */
function refuse(result: Extract<ImportResult, { ok: false }>): never {
  const first = result.problems[0]
  const where = first?.line ? `ligne ${first.line}, ` : ''
  throw apiError(
    400,
    'validation',
    `Import refusé, rien n’a été enregistré (${where}${first?.field} : ${first?.message})`,
    undefined,
    {
      problems: result.problems,
    },
  )
}

/** The établissement's framework library: /api/etablissements/:etablissementId/referentiels */
export function frameworkRoutes(deps: { etablissements: Etablissements; library: FrameworkLibrary }) {
  const guard = (action: 'workspace.read' | 'workspace.manage') =>
    requirePermission(deps.etablissements, action)
  return new Hono<AppEnv>()
    .get(
      '/:etablissementId/referentiels',
      describeRoute({
        tags,
        summary: 'Référentiels disponibles (dernière version de chacun)',
        responses: { 200: jsonResponse(v.array(FrameworkVersionSchema), 'Référentiels'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      guard('workspace.read'),
      async (c) => c.json(await deps.library.latestAll(membershipOf(c).etablissementId)),
    )
    .post(
      '/:etablissementId/referentiels',
      describeRoute({
        tags,
        summary: 'Enregistrer une nouvelle version (ou un nouveau référentiel)',
        responses: { 201: jsonResponse(FrameworkVersionSchema, 'Version enregistrée'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      validate('json', FrameworkDefinitionSchema),
      guard('workspace.manage'),
      async (c) =>
        c.json(
          await deps.library.save(requireAuth(c).user, membershipOf(c).etablissementId, c.req.valid('json')),
          201,
        ),
    )
    .post(
      '/:etablissementId/referentiels/import.json',
      describeRoute({
        tags,
        summary: 'Importer un référentiel complet (JSON)',
        requestBody: textBody('Le référentiel exporté en JSON'),
        responses: { 201: jsonResponse(FrameworkVersionSchema, 'Version enregistrée'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      guard('workspace.manage'),
      async (c) => {
        const result = importFrameworkJson(await c.req.text())
        if (!result.ok) refuse(result)
        return c.json(
          await deps.library.save(requireAuth(c).user, membershipOf(c).etablissementId, result.framework),
          201,
        )
      },
    )
    .get(
      '/:etablissementId/referentiels/:frameworkId',
      describeRoute({
        tags,
        summary: 'Un référentiel (dernière version)',
        responses: { 200: jsonResponse(FrameworkVersionSchema, 'Référentiel'), ...errorResponses },
      }),
      validate('param', FrameworkParam),
      guard('workspace.read'),
      async (c) =>
        c.json(await deps.library.latest(membershipOf(c).etablissementId, c.req.valid('param').frameworkId)),
    )
    .get(
      '/:etablissementId/referentiels/:frameworkId/export.json',
      describeRoute({
        tags,
        summary: 'Exporter le référentiel (JSON)',
        responses: { 200: jsonResponse(FrameworkDefinitionSchema, 'Référentiel'), ...errorResponses },
      }),
      validate('param', FrameworkParam),
      guard('workspace.read'),
      async (c) => {
        const { definition } = await deps.library.latest(
          membershipOf(c).etablissementId,
          c.req.valid('param').frameworkId,
        )
        c.header('content-disposition', `attachment; filename="${definition.id}.json"`)
        return c.json(definition)
      },
    )
    .get(
      '/:etablissementId/referentiels/:frameworkId/export.csv',
      describeRoute({
        tags,
        summary: 'Exporter les descripteurs (CSV : Critère;Descripteur;Attendus)',
        responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...errorResponses },
      }),
      validate('param', FrameworkParam),
      guard('workspace.read'),
      async (c) => {
        const { definition } = await deps.library.latest(
          membershipOf(c).etablissementId,
          c.req.valid('param').frameworkId,
        )
        c.header('content-type', 'text/csv; charset=utf-8')
        c.header('content-disposition', `attachment; filename="${definition.id}-descripteurs.csv"`)
        return c.body(exportDescriptorsCsv(definition))
      },
    )
    .post(
      '/:etablissementId/referentiels/:frameworkId/import.csv',
      describeRoute({
        tags,
        summary: 'Remplacer les descripteurs par ceux d’un fichier CSV (nouvelle version)',
        requestBody: textBody('Critère;Descripteur;Attendus'),
        responses: { 201: jsonResponse(FrameworkVersionSchema, 'Version enregistrée'), ...errorResponses },
      }),
      validate('param', FrameworkParam),
      guard('workspace.manage'),
      async (c) => {
        const { etablissementId } = membershipOf(c)
        const current = await deps.library.latest(etablissementId, c.req.valid('param').frameworkId)
        const text = await c.req.text()
        if (text.length === 0) throw apiError(400, 'validation', 'Fichier vide')
        const result = importDescriptorsCsv(current.definition, text)
        if (!result.ok) refuse(result)
        return c.json(await deps.library.save(requireAuth(c).user, etablissementId, result.framework), 201)
      },
    )
}

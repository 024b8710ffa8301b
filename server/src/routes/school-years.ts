import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { EtablissementIdParamSchema } from '@rouages/shared/api/etablissements'
import { SchoolYearCreateSchema, SchoolYearSchema } from '@rouages/shared/api/school-years'
import type { AppEnv } from '../http/context.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { SchoolYears } from '../services/school-years.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Années scolaires']

/** School years of an établissement: /api/etablissements/:etablissementId/annees */
export function schoolYearRoutes(deps: { etablissements: Etablissements; schoolYears: SchoolYears }) {
  return new Hono<AppEnv>()
    .get(
      '/:etablissementId/annees',
      describeRoute({
        tags,
        summary: 'Années scolaires ouvertes',
        responses: { 200: jsonResponse(v.array(SchoolYearSchema), 'Années'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      requirePermission(deps.etablissements, 'workspace.read'),
      async (c) => c.json(await deps.schoolYears.list(membershipOf(c).etablissementId)),
    )
    .post(
      '/:etablissementId/annees',
      describeRoute({
        tags,
        summary: 'Ouvrir une année scolaire et choisir ses référentiels',
        responses: { 201: jsonResponse(SchoolYearSchema, 'Année ouverte, document prêt'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      validate('json', SchoolYearCreateSchema),
      requirePermission(deps.etablissements, 'workspace.manage'),
      async (c) => {
        const year = await deps.schoolYears.create(
          requireAuth(c).user,
          membershipOf(c).etablissementId,
          c.req.valid('json'),
        )
        return c.json(year, 201)
      },
    )
}

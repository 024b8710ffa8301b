import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import {
  JoinCodeSchema,
  SeanceCreateSchema,
  SeanceIdParamSchema,
  SeanceParamSchema,
  SeanceSchema,
} from '@rouages/shared/api/seances'
import type { AppEnv } from '../http/context.ts'
import type { Services } from '../http/services.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Séances']

/** Séances of a school year: /api/etablissements/:etablissementId/annees/:schoolYear/seances */
export function seanceRoutes(deps: Pick<Services, 'etablissements' | 'seances'>) {
  const base = '/:etablissementId/annees/:schoolYear/seances'
  return new Hono<AppEnv>()
    .get(
      base,
      describeRoute({
        tags,
        summary: 'Séances de l’année',
        responses: { 200: jsonResponse(v.array(SeanceSchema), 'Séances'), ...errorResponses },
      }),
      validate('param', SeanceParamSchema),
      requirePermission(deps.etablissements, 'workspace.read'),
      async (c) =>
        c.json(await deps.seances.list(membershipOf(c).etablissementId, c.req.valid('param').schoolYear)),
    )
    .post(
      base,
      describeRoute({
        tags,
        summary: 'Ouvrir une séance avec son ordre du jour et son code',
        responses: { 201: jsonResponse(SeanceSchema, 'Séance ouverte'), ...errorResponses },
      }),
      validate('param', SeanceParamSchema),
      validate('json', SeanceCreateSchema),
      requirePermission(deps.etablissements, 'workspace.manage'),
      async (c) => {
        const seance = await deps.seances.create(
          requireAuth(c).user,
          membershipOf(c).etablissementId,
          c.req.valid('param').schoolYear,
          c.req.valid('json'),
        )
        return c.json(seance, 201)
      },
    )
    .post(
      `${base}/:seanceId/fin`,
      describeRoute({
        tags,
        summary: 'Terminer une séance (son code ne mène plus nulle part)',
        responses: { 200: jsonResponse(SeanceSchema, 'Séance terminée'), ...errorResponses },
      }),
      validate('param', SeanceIdParamSchema),
      requirePermission(deps.etablissements, 'workspace.manage'),
      async (c) => {
        const { schoolYear, seanceId } = c.req.valid('param')
        return c.json(
          await deps.seances.end(requireAuth(c).user, membershipOf(c).etablissementId, schoolYear, seanceId),
        )
      },
    )
}

/** Joining by code: /api/seances/rejoindre */
export function joinSeanceRoutes(deps: Pick<Services, 'seances'>) {
  return new Hono<AppEnv>().post(
    '/rejoindre',
    describeRoute({
      tags,
      summary: 'Rejoindre une séance ouverte avec son code',
      responses: { 200: jsonResponse(SeanceSchema, 'Séance'), ...errorResponses },
    }),
    validate('json', JoinCodeSchema),
    async (c) => c.json(await deps.seances.join(requireAuth(c).user, c.req.valid('json').code)),
  )
}

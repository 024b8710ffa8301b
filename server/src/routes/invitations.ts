import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { MeSchema } from '@rouages/shared/api/auth'
import { TokenSchema } from '@rouages/shared/api/common'
import { InvitationPreviewSchema } from '@rouages/shared/api/etablissements'
import type { AppEnv } from '../http/context.ts'
import type { Services } from '../http/services.ts'
import { requireAuth } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { describeMe } from '../services/me.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const TokenParam = v.object({ token: TokenSchema })
const tags = ['Invitations']

/** Following an invitation link: /api/invitations/:token */
export function invitationRoutes(s: Services) {
  return new Hono<AppEnv>()
    .get(
      '/:token',
      describeRoute({
        tags,
        summary: 'Ce que propose une invitation',
        responses: { 200: jsonResponse(InvitationPreviewSchema, 'Invitation'), ...errorResponses },
      }),
      validate('param', TokenParam),
      async (c) => c.json(await s.invitations.preview(c.req.valid('param').token)),
    )
    .post(
      '/:token/accept',
      describeRoute({
        tags,
        summary: 'Accepter une invitation',
        responses: { 200: jsonResponse(MeSchema, 'Membre'), ...errorResponses },
      }),
      validate('param', TokenParam),
      async (c) => {
        const { user } = requireAuth(c)
        await s.invitations.accept(c.req.valid('param').token, user)
        return c.json(await describeMe(user, s.etablissements))
      },
    )
}

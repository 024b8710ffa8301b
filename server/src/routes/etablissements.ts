import { Hono } from 'hono'
import { describeRoute, type DescribeRouteOptions } from 'hono-openapi'
import * as v from 'valibot'
import { AuditPageSchema, AuditQuerySchema } from '@rouages/shared/api/audit'
import {
  EtablissementCreateSchema,
  EtablissementIdParamSchema,
  EtablissementSchema,
  InvitationCreateSchema,
  InvitationParamSchema,
  InvitationSchema,
  MemberParamSchema,
  MemberRoleSchema,
  MemberSchema,
} from '@rouages/shared/api/etablissements'
import type { AppEnv } from '../http/context.ts'
import { baseUrl, type Services } from '../http/services.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { auditCsv } from '../services/audit.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Établissements']

/** Établissements, members, invitations and the audit trail: /api/etablissements/* */
export function etablissementRoutes(s: Services) {
  const guard = (action: Parameters<typeof requirePermission>[1]) =>
    requirePermission(s.etablissements, action)
  const doc = (summary: string, ok: NonNullable<DescribeRouteOptions['responses']>) =>
    describeRoute({ tags, summary, responses: { ...ok, ...errorResponses } })

  return new Hono<AppEnv>()
    .get(
      '/',
      doc('Mes établissements', { 200: jsonResponse(v.array(EtablissementSchema), 'Liste') }),
      async (c) => c.json(await s.etablissements.listForUser(requireAuth(c).user.id)),
    )
    .post(
      '/',
      doc('Créer un établissement (j’en deviens chef d’établissement)', {
        201: jsonResponse(EtablissementSchema, 'Créé'),
      }),
      validate('json', EtablissementCreateSchema),
      async (c) => c.json(await s.etablissements.create(requireAuth(c).user.id, c.req.valid('json')), 201),
    )
    .get(
      '/:etablissementId',
      doc('Un établissement', { 200: jsonResponse(EtablissementSchema, 'Établissement') }),
      validate('param', EtablissementIdParamSchema),
      guard('etablissement.read'),
      async (c) => {
        const { etablissementId, role } = membershipOf(c)
        return c.json(await s.etablissements.get(etablissementId, role))
      },
    )
    .get(
      '/:etablissementId/members',
      doc('Membres', { 200: jsonResponse(v.array(MemberSchema), 'Membres') }),
      validate('param', EtablissementIdParamSchema),
      guard('members.read'),
      async (c) => c.json(await s.etablissements.members(membershipOf(c).etablissementId)),
    )
    .patch(
      '/:etablissementId/members/:userId',
      doc('Changer le rôle d’un membre', { 200: jsonResponse(MemberSchema, 'Membre') }),
      validate('param', MemberParamSchema),
      validate('json', MemberRoleSchema),
      guard('members.manage'),
      async (c) => {
        const { etablissementId, role } = membershipOf(c)
        const actor = { id: requireAuth(c).user.id, role }
        return c.json(
          await s.etablissements.setRole(
            actor,
            etablissementId,
            c.req.valid('param').userId,
            c.req.valid('json').role,
          ),
        )
      },
    )
    .delete(
      '/:etablissementId/members/:userId',
      doc('Retirer un membre (ou quitter l’établissement)', { 204: { description: 'Retiré' } }),
      validate('param', MemberParamSchema),
      guard('etablissement.read'),
      async (c) => {
        const { etablissementId, role } = membershipOf(c)
        await s.etablissements.remove(
          { id: requireAuth(c).user.id, role },
          etablissementId,
          c.req.valid('param').userId,
        )
        return c.body(null, 204)
      },
    )
    .get(
      '/:etablissementId/invitations',
      doc('Invitations en attente', { 200: jsonResponse(v.array(InvitationSchema), 'Invitations') }),
      validate('param', EtablissementIdParamSchema),
      guard('invitations.manage'),
      async (c) => c.json(await s.invitations.pending(membershipOf(c).etablissementId)),
    )
    .post(
      '/:etablissementId/invitations',
      doc('Inviter (par e-mail ou par lien)', {
        201: jsonResponse(InvitationSchema, 'Invitation, avec son lien'),
      }),
      validate('param', EtablissementIdParamSchema),
      validate('json', InvitationCreateSchema),
      guard('invitations.manage'),
      async (c) => {
        const { etablissementId, role } = membershipOf(c)
        const { user } = requireAuth(c)
        const invitation = await s.invitations.create(
          { id: user.id, role, displayName: user.displayName },
          etablissementId,
          c.req.valid('json'),
          baseUrl(c, s),
        )
        return c.json(invitation, 201)
      },
    )
    .delete(
      '/:etablissementId/invitations/:invitationId',
      doc('Révoquer une invitation', { 204: { description: 'Révoquée' } }),
      validate('param', InvitationParamSchema),
      guard('invitations.manage'),
      async (c) => {
        await s.invitations.revoke(
          requireAuth(c).user.id,
          membershipOf(c).etablissementId,
          c.req.valid('param').invitationId,
        )
        return c.body(null, 204)
      },
    )
    .get(
      '/:etablissementId/audit',
      doc('Traçabilité : qui a changé quoi et quand', {
        200: jsonResponse(AuditPageSchema, 'Une page, la plus récente d’abord'),
      }),
      validate('param', EtablissementIdParamSchema),
      validate('query', AuditQuerySchema),
      guard('audit.read'),
      async (c) => c.json(await s.audit.list(membershipOf(c).etablissementId, c.req.valid('query'))),
    )
    .get(
      '/:etablissementId/audit.csv',
      doc('Traçabilité au format CSV', {
        200: { description: 'CSV (séparateur ;)', content: { 'text/csv': {} } },
      }),
      validate('param', EtablissementIdParamSchema),
      validate('query', AuditQuerySchema),
      guard('audit.read'),
      async (c) => {
        const query = c.req.valid('query')
        const page = await s.audit.list(membershipOf(c).etablissementId, { ...query, limit: 100_000 })
        c.header('content-type', 'text/csv; charset=utf-8')
        c.header('content-disposition', 'attachment; filename="tracabilite.csv"')
        return c.body(auditCsv(page.events))
      },
    )
}

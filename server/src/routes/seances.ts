import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import {
  IdeaInputSchema,
  JoinSchema,
  RatingInputSchema,
  SeanceCommandSchema,
  SeanceCreateSchema,
  SeanceIdParamSchema,
  SeanceMeSchema,
  SeanceParamSchema,
  SeanceRefParamSchema,
  SeanceSchema,
  VotesInputSchema,
} from '@rouages/shared/api/seances'
import { reportMarkdown } from '@rouages/shared/report/markdown'
import { seanceReport } from '@rouages/shared/report/seance-report'
import type { AppEnv } from '../http/context.ts'
import { apiError } from '../http/errors.ts'
import { clientAddress, type Services } from '../http/services.ts'
import { perAddress } from '../http/rate-limit.ts'
import {
  guestTokenOf,
  membershipOf,
  requireAuth,
  requirePermission,
  setGuestCookie,
} from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { attachmentHeader, fileStem, renderReport, REPORT_FORMATS } from '../reports/bilan-reports.ts'
import { GUEST_TOKEN_HOURS, type SeanceParticipant, type SeanceRow } from '../services/seance-access.ts'
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
      // The séance's facilitators may end it even without the right to manage the year.
      requirePermission(deps.etablissements, 'workspace.read'),
      async (c) => {
        const { schoolYear, seanceId } = c.req.valid('param')
        return c.json(
          await deps.seances.end(requireAuth(c).user, membershipOf(c).etablissementId, schoolYear, seanceId),
        )
      },
    )
    .get(
      `${base}/:seanceId/compte-rendu`,
      describeRoute({
        tags,
        summary: 'Le compte rendu d’une séance terminée (JSON, Markdown, PDF, DOCX ou ODT avec ?format=)',
        responses: errorResponses,
      }),
      validate('param', SeanceIdParamSchema),
      validate('query', RecordQuerySchema),
      requirePermission(deps.etablissements, 'workspace.read'),
      async (c) => {
        const { schoolYear, seanceId } = c.req.valid('param')
        const record = await deps.seances.record(membershipOf(c).etablissementId, schoolYear, seanceId)
        const format = c.req.valid('query').format
        if (format === 'json') return c.json(record)
        const report = seanceReport(record)
        const stem = fileStem(`Compte rendu - ${record.title} - ${record.endedAt.slice(0, 10)}`)
        if (format === 'md')
          return c.body(reportMarkdown(report), 200, {
            'content-type': 'text/markdown; charset=utf-8',
            'content-disposition': attachmentHeader(`${stem}.md`),
          })
        const file = await renderReport(report, format, stem)
        return c.body(file.bytes, 200, {
          'content-type': file.mime,
          'content-disposition': attachmentHeader(file.fileName),
          'cache-control': 'private, no-cache',
        })
      },
    )
}

const RecordQuerySchema = v.object({
  format: v.optional(
    v.picklist(['json', 'md', ...REPORT_FORMATS], 'format inconnu : json, md, pdf, docx ou odt'),
    'json',
  ),
})

/** Guests joining per address in 15 minutes: a whole class behind one NAT address fits. */
const GUEST_JOINS_PER_ADDRESS = 200

/**
 * Inside a séance: /api/seances/… — joining by code, then what participants (members or guests)
 * and facilitators do there. Every route finds the séance and the person first (`inSeance`).
 */
export function joinSeanceRoutes(deps: Services) {
  const inSeance = async (
    c: Context<AppEnv>,
  ): Promise<{ seance: SeanceRow; participant: SeanceParticipant }> => {
    const seance = await deps.seanceAccess.row(c.req.param('seanceId') ?? '')
    const auth = c.get('auth')
    const token = guestTokenOf(c)
    if (!auth && !token)
      throw apiError(401, 'unauthenticated', 'Connectez-vous ou rejoignez la séance avec son code.')
    const participant = auth
      ? await deps.seanceAccess.member(auth.user, seance)
      : await deps.seanceAccess.guest(token ?? '', seance)
    // Whoever acts in an open séance took part in it (the compte rendu's list).
    await deps.seanceAccess.recordParticipant(seance.id, participant)
    return { seance, participant }
  }
  const done = (c: Context<AppEnv>) => c.body(null, 204)

  return new Hono<AppEnv>()
    .post(
      '/rejoindre',
      describeRoute({
        tags,
        summary: 'Rejoindre une séance ouverte avec son code (avec son compte, ou en invité avec un nom)',
        responses: { 200: jsonResponse(SeanceSchema, 'Séance'), ...errorResponses },
      }),
      validate('json', JoinSchema),
      async (c) => {
        const { code, name } = c.req.valid('json')
        const auth = c.get('auth')
        if (!auth)
          deps.limiter.hit([[`guest:ip:${clientAddress(c, deps)}`, perAddress(GUEST_JOINS_PER_ADDRESS)]])
        const joined = await deps.seances.join(auth?.user, code, name)
        if (joined.guestToken) {
          const expires = new Date(Date.now() + GUEST_TOKEN_HOURS * 3_600_000)
          setGuestCookie(c, joined.guestToken, expires, deps.secureCookies)
        }
        return c.json({
          ...joined.seance,
          participant: { name: joined.participant.name, guest: joined.participant.guest },
        })
      },
    )
    .get(
      '/:seanceId/moi',
      describeRoute({
        tags,
        summary: 'Qui je suis dans la séance, mon positionnement en attente, mes votes',
        responses: { 200: jsonResponse(SeanceMeSchema, 'Participant'), ...errorResponses },
      }),
      validate('param', SeanceRefParamSchema),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        c.header('cache-control', 'no-store')
        return c.json(await deps.seanceRoom.me(seance, participant))
      },
    )
    .post(
      '/:seanceId/commandes',
      describeRoute({
        tags,
        summary:
          'Une commande d’animateur : étape, minuteur, verrou, positionnement, vote, idées, animateurs',
        responses: errorResponses,
      }),
      validate('param', SeanceRefParamSchema),
      validate('json', SeanceCommandSchema),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        await deps.seanceRoom.command(seance, participant, c.req.valid('json'))
        return done(c)
      },
    )
    .put(
      '/:seanceId/positionnement',
      describeRoute({
        tags,
        summary: 'Mon positionnement silencieux (null le retire)',
        responses: errorResponses,
      }),
      validate('param', SeanceRefParamSchema),
      validate('json', RatingInputSchema),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        await deps.seanceRoom.rate(seance, participant, c.req.valid('json'))
        return done(c)
      },
    )
    .get(
      '/:seanceId/positionnements/:roundId',
      describeRoute({
        tags,
        summary: 'Qui a choisi quel niveau, après la révélation d’un positionnement non anonyme (animateurs)',
        responses: errorResponses,
      }),
      validate(
        'param',
        v.object({ ...SeanceRefParamSchema.entries, roundId: v.pipe(v.string(), v.maxLength(64)) }),
      ),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        return c.json(await deps.seanceRoom.ratingsOf(seance, participant, c.req.valid('param').roundId))
      },
    )
    .post(
      '/:seanceId/idees',
      describeRoute({
        tags,
        summary: 'Déposer une note sur le tableau d’idées en cours',
        responses: errorResponses,
      }),
      validate('param', SeanceRefParamSchema),
      validate('json', IdeaInputSchema),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        return c.json(await deps.seanceRoom.addIdea(seance, participant, c.req.valid('json')), 201)
      },
    )
    .delete(
      '/:seanceId/idees/:ideaId',
      describeRoute({
        tags,
        summary: 'Retirer sa note (ou toute note, pour un animateur)',
        responses: errorResponses,
      }),
      validate(
        'param',
        v.object({ ...SeanceRefParamSchema.entries, ideaId: v.pipe(v.string(), v.maxLength(64)) }),
      ),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        await deps.seanceRoom.removeIdea(seance, participant, c.req.valid('param').ideaId)
        return done(c)
      },
    )
    .put(
      '/:seanceId/votes',
      describeRoute({
        tags,
        summary: 'Mes votes sur un tableau d’idées (tous à la fois)',
        responses: errorResponses,
      }),
      validate('param', SeanceRefParamSchema),
      validate('json', VotesInputSchema),
      async (c) => {
        const { seance, participant } = await inSeance(c)
        await deps.seanceRoom.vote(seance, participant, c.req.valid('json'))
        return done(c)
      },
    )
}

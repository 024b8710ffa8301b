import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { describeRoute } from 'hono-openapi'
import * as v from 'valibot'
import { EtablissementIdParamSchema } from '@rouages/shared/api/etablissements'
import { PREUVE_FILE_FIELD, StoredFileSchema } from '@rouages/shared/api/files'
import type { AppEnv } from '../http/context.ts'
import { apiError } from '../http/errors.ts'
import { membershipOf, requireAuth, requirePermission } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { Files } from '../services/files.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const tags = ['Preuves']
const FileParam = v.object({
  etablissementId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16,32}$/)),
  fileId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16,32}$/)),
})

/** Preuve files: /api/etablissements/:etablissementId/fichiers (their own body limit, see app.ts). */
export function fileRoutes(deps: { etablissements: Etablissements; files: Files }) {
  return new Hono<AppEnv>()
    .post(
      '/:etablissementId/fichiers',
      describeRoute({
        tags,
        summary: 'Déposer un fichier de preuve (multipart, champ « fichier »)',
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { fichier: { type: 'string', format: 'binary' } } },
            },
          },
        },
        responses: { 201: jsonResponse(StoredFileSchema, 'Fichier enregistré'), ...errorResponses },
      }),
      validate('param', EtablissementIdParamSchema),
      requirePermission(deps.etablissements, 'workspace.edit'),
      bodyLimit({
        // The multipart envelope adds a little to the file itself.
        maxSize: deps.files.maxBytes + 64 * 1024,
        onError: () => {
          throw apiError(
            413,
            'payload-too-large',
            `Fichier trop volumineux (${Math.round(deps.files.maxBytes / 1048576)} Mo au plus).`,
          )
        },
      }),
      async (c) => {
        const form = await c.req.parseBody().catch(() => {
          throw apiError(400, 'validation', 'Envoyez le fichier en multipart/form-data, champ « fichier ».')
        })
        const file = form[PREUVE_FILE_FIELD]
        if (!(file instanceof File)) throw apiError(400, 'validation', 'Champ « fichier » manquant.')
        const bytes = new Uint8Array(await file.arrayBuffer())
        return c.json(
          await deps.files.store(requireAuth(c).user, membershipOf(c).etablissementId, file.name, bytes),
          201,
        )
      },
    )
    .get(
      '/:etablissementId/fichiers/:fileId',
      describeRoute({
        tags,
        summary: 'Télécharger un fichier de preuve',
        responses: { 200: { description: 'Le fichier' }, ...errorResponses },
      }),
      validate('param', FileParam),
      requirePermission(deps.etablissements, 'workspace.read'),
      async (c) => {
        const file = await deps.files.read(membershipOf(c).etablissementId, c.req.valid('param').fileId)
        c.header('content-type', file.contentType)
        // Always a download, never rendered in our origin (an uploaded file must not run as a page).
        c.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        c.header('content-security-policy', "sandbox; default-src 'none'")
        c.header('cache-control', 'private, max-age=3600')
        return c.body(new Uint8Array(file.data))
      },
    )
}

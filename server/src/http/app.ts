import type { Hocuspocus } from '@hocuspocus/server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { openAPIRouteHandler } from 'hono-openapi'
import { COLLAB_PATH } from '@rouages/shared/protocol'
import { collabRoute } from '../collab/websocket-route.ts'
import type { StoreHealth } from '../collab/store-health.ts'
import type { Logger } from '../logger.ts'
import { authRoutes } from '../routes/auth.ts'
import { etablissementRoutes } from '../routes/etablissements.ts'
import { healthRoutes } from '../routes/health.ts'
import { fileRoutes } from '../routes/files.ts'
import { frameworkRoutes } from '../routes/frameworks.ts'
import { invitationRoutes } from '../routes/invitations.ts'
import { schoolYearRoutes } from '../routes/school-years.ts'
import { bilanRoutes, sharedBilanRoutes } from '../routes/bilans.ts'
import { labelRoutes } from '../routes/labels.ts'
import { joinSeanceRoutes, seanceRoutes } from '../routes/seances.ts'
import type { Storage } from '../storage/types.ts'
import type { AppEnv } from './context.ts'
import { apiError, errorHandler } from './errors.ts'
import { sameOriginMutations } from './origin.ts'
import type { Services } from './services.ts'
import { sessionMiddleware } from './session.ts'
import { loadAppShell, staticApp } from './static-app.ts'

export interface HttpAppDeps {
  hocuspocus: Hocuspocus
  storage: Storage
  health: StoreHealth
  log: Logger
  appDir: string | undefined
  services: Services
}

/** Largest JSON body the API accepts. */
const API_BODY_LIMIT = 1024 * 1024

/**
 * The app's Content Security Policy: its own scripts (plus SvelteKit's inline boot script, by
 * hash), WebSockets to the same origin, no framing (I5). Svelte sets inline styles, hence
 * 'unsafe-inline' for styles only.
 */
const csp = (scriptHashes: string[]) => ({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", ...scriptHashes],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
})

/** One hono app: the API under /api, the collaboration socket, and the built app. */
export function createHttpApp(deps: HttpAppDeps) {
  const { services } = deps
  const shell = loadAppShell(deps.appDir)
  const jsonBodyLimit = bodyLimit({
    maxSize: API_BODY_LIMIT,
    onError: () => {
      throw apiError(413, 'payload-too-large', 'Requête trop volumineuse')
    },
  })
  const api = new Hono<AppEnv>()
    // File uploads have their own, larger limit (routes/files.ts); everything else is small JSON.
    .use((c, next) =>
      c.req.method === 'POST' && /\/fichiers$/.test(c.req.path) ? next() : jsonBodyLimit(c, next),
    )
    .use(sameOriginMutations(services.publicUrl))
    .use(sessionMiddleware(services.sessions, services.secureCookies))
    .route('/', healthRoutes(deps))
    .route('/auth', authRoutes(services))
    .route('/etablissements', etablissementRoutes(services))
    .route('/etablissements', schoolYearRoutes(services))
    .route('/etablissements', bilanRoutes(services))
    .route('/etablissements', labelRoutes(services))
    .route('/etablissements', seanceRoutes(services))
    .route('/seances', joinSeanceRoutes(services))
    .route('/etablissements', frameworkRoutes(services))
    .route('/etablissements', fileRoutes(services))
    .route('/invitations', invitationRoutes(services))
    .route('/partages', sharedBilanRoutes(services))
  api.get(
    '/openapi.json',
    openAPIRouteHandler(api, {
      documentation: {
        info: {
          title: 'Rouages API',
          version: '1',
          description: 'API de Rouages : comptes, établissements, membres, invitations, traçabilité.',
        },
        servers: [{ url: '/api' }],
      },
    }),
  )
  api.all('*', () => {
    throw apiError(404, 'not-found', 'Ressource introuvable')
  })

  return new Hono()
    .use(
      secureHeaders({
        crossOriginEmbedderPolicy: false,
        contentSecurityPolicy: csp(shell?.scriptHashes ?? []),
        xFrameOptions: 'DENY',
      }),
    )
    .onError(errorHandler(deps.log))
    .get(COLLAB_PATH, collabRoute(deps.hocuspocus, services.publicUrl), () => {
      // Reached only when the request was not a WebSocket upgrade.
      throw apiError(426, 'upgrade-required', 'Cette adresse attend une connexion WebSocket')
    })
    .route('/api', api)
    .route('/', staticApp(shell))
}

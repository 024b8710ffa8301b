import type { Hocuspocus } from '@hocuspocus/server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { COLLAB_PATH } from '@rouages/shared/protocol'
import { collabRoute } from '../collab/websocket-route.ts'
import type { StoreHealth } from '../collab/store-health.ts'
import type { Logger } from '../logger.ts'
import { healthRoutes } from '../routes/health.ts'
import type { Storage } from '../storage/types.ts'
import { errorHandler } from './errors.ts'
import { staticApp } from './static-app.ts'

export interface HttpAppDeps {
  hocuspocus: Hocuspocus
  storage: Storage
  health: StoreHealth
  log: Logger
  appDir: string | undefined
}

/** Largest JSON body the API accepts. */
const API_BODY_LIMIT = 1024 * 1024

/** One hono app: the API under /api, the collaboration socket, and the built app. */
export function createHttpApp(deps: HttpAppDeps) {
  const api = new Hono()
    .use(
      bodyLimit({
        maxSize: API_BODY_LIMIT,
        onError: () => {
          throw new HTTPException(413, { message: 'Requête trop volumineuse' })
        },
      }),
    )
    .route('/', healthRoutes(deps))
    .all('*', () => {
      throw new HTTPException(404, { message: 'Ressource introuvable' })
    })

  return new Hono()
    .use(secureHeaders({ crossOriginEmbedderPolicy: false, contentSecurityPolicy: undefined }))
    .onError(errorHandler(deps.log))
    .get(COLLAB_PATH, collabRoute(deps.hocuspocus), () => {
      // Reached only when the request was not a WebSocket upgrade.
      throw new HTTPException(426, { message: 'Cette adresse attend une connexion WebSocket' })
    })
    .route('/api', api)
    .route('/', staticApp(deps.appDir))
}

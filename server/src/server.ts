import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { Hocuspocus } from '@hocuspocus/server'
import { WebSocketServer } from 'ws'
import { CloseReason } from '@rouages/shared/protocol'
import { SessionStore } from './auth/sessions.ts'
import { createCollab } from './collab/hocuspocus.ts'
import { noLiveAccess, type LiveAccess } from './collab/live-access.ts'
import { StoreHealth } from './collab/store-health.ts'
import type { Config } from './config.ts'
import { createHttpApp } from './http/app.ts'
import { RateLimiter } from './http/rate-limit.ts'
import type { Services } from './http/services.ts'
import type { Logger } from './logger.ts'
import { createMailer } from './mail/mailer.ts'
import { closeRenderPool } from './reports/render-pool.ts'
import { Accounts } from './services/accounts.ts'
import { AuditTrail } from './services/audit.ts'
import { Etablissements } from './services/etablissements.ts'
import { Files } from './services/files.ts'
import { FrameworkLibrary } from './services/framework-library.ts'
import { Invitations } from './services/invitations.ts'
import { SchoolYears } from './services/school-years.ts'
import { Bilans } from './services/bilans.ts'
import { BilanShares } from './services/bilan-shares.ts'
import { Labels } from './services/labels.ts'
import { Seances } from './services/seances.ts'
import { SeanceAccess } from './services/seance-access.ts'
import { LiveDocs } from './services/seance-live-docs.ts'
import { SeanceRoom } from './services/seance-room.ts'
import { DocumentRepository } from './storage/documents.ts'
import { openStorage } from './storage/open.ts'
import type { Storage } from './storage/types.ts'

export interface RunningServer {
  /** Base URL of the listening server, e.g. http://127.0.0.1:3000 */
  url: string
  port: number
  storage: Storage
  hocuspocus: Hocuspocus
  /** Every HTTP route registered, for the OpenAPI completeness test. */
  routes: ReadonlyArray<{ method: string; path: string }>
  /** Graceful stop: refuse new connections, close sockets, store documents, close storage. */
  close(): Promise<void>
}

/** Starts the whole product in this process: storage, Hocuspocus, API and app on one port. */
export async function startServer(
  config: Config,
  log: Logger,
  now: () => Date = () => new Date(),
): Promise<RunningServer> {
  const storage = await openStorage({
    ...config,
    onBackgroundError: (message) => log.warn({ message }, 'SQLite checkpoint failed; retrying'),
  })
  const health = new StoreHealth()
  const db = storage.db
  // Services tell the collaboration side when access changes; bound once Hocuspocus exists.
  let live: LiveAccess = noLiveAccess
  const relay: LiveAccess = {
    sessionsEnded: (ids) => live.sessionsEnded(ids),
    accessChanged: (userId, etablissementId) => live.accessChanged(userId, etablissementId),
    seanceEnded: (seanceId) => live.seanceEnded(seanceId),
  }
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    log,
  })
  const audit = new AuditTrail(db, now)
  const sessions = new SessionStore(db, now, (ids) => relay.sessionsEnded(ids))
  const etablissements = new Etablissements({ db, audit, now, live: relay })
  const invitations = new Invitations({ db, audit, mailer, now })
  const documents = new DocumentRepository(db)
  const seanceAccess = new SeanceAccess({ db, etablissements, now })
  const collab = createCollab({
    documents,
    health,
    log,
    sessions,
    etablissements,
    seances: seanceAccess,
    audit,
    now,
  })
  live = collab.authorization
  const hocuspocus = collab.hocuspocus
  const library = new FrameworkLibrary({ db, audit, now })
  const bilans = new Bilans({ db, audit, hocuspocus, now })
  const liveDocs = new LiveDocs(hocuspocus)
  const seanceRoom = new SeanceRoom({ db, audit, etablissements, access: seanceAccess, live: liveDocs, now })
  const services: Services = {
    accounts: new Accounts({ db, sessions, mailer, invitations, now }),
    sessions,
    etablissements,
    invitations,
    schoolYears: new SchoolYears({ db, audit, hocuspocus, documents, library, bilans, now }),
    bilans,
    bilanShares: new BilanShares({ db, audit, bilans, now }),
    labels: new Labels({ db, audit, library, now }),
    seances: new Seances({
      db,
      audit,
      etablissements,
      access: seanceAccess,
      room: seanceRoom,
      live: liveDocs,
      liveAccess: relay,
      now,
    }),
    seanceAccess,
    seanceRoom,
    library,
    files: new Files({ db, now, maxBytes: config.maxUploadBytes }),
    audit,
    limiter: new RateLimiter(() => now().getTime()),
    publicUrl: config.publicUrl,
    secureCookies: config.publicUrl?.startsWith('https:') ?? false,
    trustProxy: config.trustProxy,
    authAddressLimit: config.authAddressLimit,
  }
  const app = createHttpApp({ hocuspocus, storage, health, log, appDir: config.appDir, services })

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes })
  const httpServer = createAdaptorServer({ fetch: app.fetch, websocket: { server: wss } })
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject)
      resolve()
    })
  })
  const port = (httpServer.address() as AddressInfo).port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`
  log.info({ url, storage: storage.driver, publicUrl: config.publicUrl }, 'Rouages is listening')

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= shutdown({
      httpServer,
      wss,
      hocuspocus,
      storage,
      log,
      timeoutMs: config.shutdownTimeoutMs,
      flushAudit: () => collab.documentAudit.flush(),
    }))
  const routes = app.routes.map(({ method, path }) => ({ method, path }))
  return { url, port, storage, hocuspocus, routes, close }
}

interface ShutdownParts {
  httpServer: ReturnType<typeof createAdaptorServer>
  wss: WebSocketServer
  hocuspocus: Hocuspocus
  storage: Storage
  log: Logger
  timeoutMs: number
  flushAudit: () => Promise<void>
}

async function shutdown({
  httpServer,
  wss,
  hocuspocus,
  storage,
  log,
  timeoutMs,
  flushAudit,
}: ShutdownParts): Promise<void> {
  log.info('shutting down: closing connections and storing documents')
  const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()))
  if ('closeIdleConnections' in httpServer) httpServer.closeIdleConnections()
  const { code, reason } = CloseReason.ServerShutdown
  // Closing the sockets makes Hocuspocus store and unload each document after its last client.
  for (const client of wss.clients) client.close(code, reason)
  hocuspocus.closeConnections()
  hocuspocus.flushPendingStores()
  const unloaded = await waitFor(() => hocuspocus.getDocumentsCount() === 0, timeoutMs)
  if (!unloaded) {
    // Their acknowledged updates are in the durable log; nothing is lost, only not compacted.
    log.warn({ documents: hocuspocus.getDocumentsCount() }, 'documents still loaded at shutdown timeout')
  }
  for (const client of wss.clients) client.terminate()
  await stopped
  // No request is left waiting for a report: stop the renderers' thread, if one was started.
  await closeRenderPool()
  await flushAudit()
  await storage.close()
  log.info('stopped')
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() >= deadline) return false
    await new Promise((r) => setTimeout(r, 25))
  }
  return true
}

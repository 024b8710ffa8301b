import { Hono } from 'hono'
import type { StoreHealth } from '../collab/store-health.ts'
import type { Storage } from '../storage/types.ts'

export interface HealthDeps {
  storage: Storage
  health: StoreHealth
}

/** Liveness and readiness probes (I3). */
export function healthRoutes({ storage, health }: HealthDeps) {
  return new Hono()
    .get('/health', (c) => c.json({ status: 'ok' }))
    .get('/ready', async (c) => {
      const storageOk = await storage.ping().then(
        () => true,
        () => false,
      )
      const unsaved = health.failures()
      const ready = storageOk && unsaved.length === 0
      return c.json(
        {
          status: ready ? 'ready' : 'not-ready',
          storage: { driver: storage.driver, reachable: storageOk },
          unsavedDocuments: unsaved,
        },
        ready ? 200 : 503,
      )
    })
}

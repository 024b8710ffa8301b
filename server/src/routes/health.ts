import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import type { StoreHealth } from '../collab/store-health.ts'
import type { Storage } from '../storage/types.ts'

export interface HealthDeps {
  storage: Storage
  health: StoreHealth
}

/** Liveness and readiness probes (I3). */
export function healthRoutes({ storage, health }: HealthDeps) {
  return new Hono()
    .get(
      '/health',
      describeRoute({
        tags: ['Exploitation'],
        summary: 'Le processus répond',
        responses: { 200: { description: 'Vivant' } },
      }),
      (c) => c.json({ status: 'ok' }),
    )
    .get(
      '/ready',
      describeRoute({
        tags: ['Exploitation'],
        summary: 'Stockage joignable et aucun document en échec d’enregistrement',
        responses: {
          200: { description: 'Prêt' },
          503: { description: 'Pas prêt : stockage injoignable ou documents non enregistrés' },
        },
      }),
      async (c) => {
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
      },
    )
}

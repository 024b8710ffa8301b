import { ConfigError, loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { startServer } from './server.ts'

/** Entry point: `node server/src/main.ts`. Configuration comes from the environment. */
async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`Configuration invalide — ${error.message}\n`)
    process.exit(78) // EX_CONFIG
  }
  const log = createLogger(config.logLevel)
  const server = await startServer(config, log).catch((error: unknown) => {
    log.fatal({ err: error }, 'could not start')
    process.exit(1)
  })
  process.stdout.write(`\n  Rouages est prêt : ${config.publicUrl ?? server.url}\n\n`)

  const stop = (signal: string) => {
    log.info({ signal }, 'signal received')
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

await main()

import { existsSync } from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type Page } from 'playwright-core'
import { repoRoot } from './server-process.ts'

/** Flags for the system Chromium: root needs `--no-sandbox`; the rest keeps it quiet and offline. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/**
 * The Chromium executable for the browser suite (`CHROMIUM_PATH`, else Debian's
 * /usr/bin/chromium), or `undefined` when there is none and the suite should be skipped.
 * In CI a missing browser is an error, never a skip: a green run must have run the browser tests.
 */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = env.CHROMIUM_PATH || DEFAULT_CHROMIUM
  if (existsSync(executable)) return executable
  const reason = `no Chromium at ${executable} (set CHROMIUM_PATH, or install it: apt-get install -y chromium)`
  if (env.CI && env.CI !== 'false' && env.CI !== '0')
    throw new Error(`Browser tests cannot run in CI: ${reason}`)
  console.warn(`Skipping browser tests: ${reason}`)
  return undefined
}

/** Launches the system Chromium headless with the flags above. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS })
}

/** Fails with the command to run when the app has not been built (the server would answer 503). */
export function assertAppBuilt(): void {
  const fallback = path.join(repoRoot, 'app/build/200.html')
  if (!existsSync(fallback)) {
    throw new Error(
      `${fallback} is missing: build the app first (npm run build -w @rouages/app, or npm test)`,
    )
  }
}

/** Runs axe-core on the page and returns its violations, one readable line each (empty when clean). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} — ` +
      violation.nodes.map((node) => node.target.join(' ')).join(', '),
  )
}

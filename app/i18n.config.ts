import type { CompilerOptions } from '@inlang/paraglide-js'

/**
 * Paraglide options shared by the Vite plugin (build, dev) and `scripts/compile-messages.ts`
 * (typecheck), so the generated runtime is the same whichever ran last. Paths are relative to app/.
 */
export const paraglideOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  // No locale in the URL: a saved choice wins, then the browser's languages, then French.
  strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
  emitReadme: false,
} satisfies CompilerOptions

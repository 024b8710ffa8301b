/**
 * Generates src/lib/paraglide (gitignored) without running Vite, so that svelte-check can
 * type-check message imports on a clean clone.
 */
import { compile } from '@inlang/paraglide-js'
import { paraglideOptions } from '../i18n.config.ts'

await compile(paraglideOptions)

import { LYCEE_DES_METIERS } from './lycee-des-metiers.ts'
import { OTHER_LABELS } from './other-labels.ts'
import type { Framework } from './types.ts'

/** Every framework Rouages ships, the national Lycée des métiers one first. */
export const SHIPPED_FRAMEWORKS: readonly Framework[] = [LYCEE_DES_METIERS, ...OTHER_LABELS]

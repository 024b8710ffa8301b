import type { BenchScenario } from '../scenario.ts'
import { bilans } from './bilans.ts'
import { capacity } from './capacity.ts'
import { coldLoad } from './cold-load.ts'
import { frontEnd } from './front-end.ts'
import { httpApi } from './http-api.ts'
import { propagation } from './propagation.ts'

/** Every scenario `npm run bench` runs, in order. */
export const SCENARIOS: BenchScenario[] = [propagation, capacity, coldLoad, bilans, httpApi, frontEnd]

/**
 * The établissement's framework library (B1): page addresses, API calls, and the small rules the
 * pages share (which frameworks are shipped, identifiers made from words, counts, import problems).
 *
 * Imports send the file's text as is (`text/plain`); the server answers a refused file with every
 * problem (`error.problems`), which `ImportFailure` carries to the page.
 */
import * as v from 'valibot'
import { resolve } from '$app/paths'
import type { ResolvedPathname } from '$app/types'
import { ApiErrorSchema } from '@rouages/shared/api/common'
import {
  FrameworkVersionSchema,
  type FrameworkDefinition,
  type FrameworkVersion,
} from '@rouages/shared/api/frameworks'
import type { ImportProblem } from '@rouages/shared/frameworks/import-export'
import { SHIPPED_FRAMEWORKS, shippedDefinition } from '@rouages/shared/frameworks/index-data'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { ApiFailure, api, apiPath } from '#lib/api.ts'
import { m } from '#lib/paraglide/messages.js'
import { getLocale } from '#lib/paraglide/runtime.js'
import { session } from '#lib/session.svelte.ts'

export type { ImportProblem }

export const libraryPaths = {
  list: (etablissementId: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/referentiels', { etablissementId }),
  framework: (etablissementId: string, frameworkId: string): ResolvedPathname =>
    resolve('/(connecte)/e/[etablissementId]/referentiels/[frameworkId]', { etablissementId, frameworkId }),
}

/** A version as the server stores it (a label's skeleton may have no criterion yet). */
const StoredVersionSchema = FrameworkVersionSchema

const base = (etablissementId: string) => apiPath`/api/etablissements/${etablissementId}/referentiels`

/** Download addresses (the server answers them as attachments). */
export const exportHref = {
  csv: (etablissementId: string, frameworkId: string): string =>
    `${base(etablissementId)}${apiPath`/${frameworkId}/export.csv`}`,
  json: (etablissementId: string, frameworkId: string): string =>
    `${base(etablissementId)}${apiPath`/${frameworkId}/export.json`}`,
}

export const libraryApi = {
  list: (etablissementId: string): Promise<FrameworkVersion[]> =>
    api.get(base(etablissementId), v.array(StoredVersionSchema)),
  get: (etablissementId: string, frameworkId: string): Promise<FrameworkVersion> =>
    api.get(`${base(etablissementId)}${apiPath`/${frameworkId}`}`, StoredVersionSchema),
  /** Saves `definition` as the next version (a new id makes a new framework). */
  save: (etablissementId: string, definition: FrameworkDefinition): Promise<FrameworkVersion> =>
    api.post(base(etablissementId), definition, { schema: StoredVersionSchema }),
  /** Replaces the framework's descriptors with those of a CSV file: a new version. */
  importCsv: (etablissementId: string, frameworkId: string, csv: string): Promise<FrameworkVersion> =>
    postText(`${base(etablissementId)}${apiPath`/${frameworkId}/import.csv`}`, csv),
  /** A whole framework as exported in JSON: a new version of it, or a new framework. */
  importJson: (etablissementId: string, json: string): Promise<FrameworkVersion> =>
    postText(`${base(etablissementId)}/import.json`, json),
}

/** A file the server refused, with each of its problems (nothing was saved). */
export class ImportFailure extends Error {
  readonly problems: ImportProblem[]

  constructor(message: string, problems: ImportProblem[]) {
    super(message)
    this.name = 'ImportFailure'
    this.problems = problems
  }
}

async function postText(path: string, text: string): Promise<FrameworkVersion> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'text/plain;charset=utf-8' },
      body: text,
    })
  } catch {
    throw new ApiFailure(0, 'network', m.error_network())
  }
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const parsed = v.safeParse(ApiErrorSchema, body)
    if (!parsed.success)
      throw new ApiFailure(response.status, 'http', m.error_unexpected({ status: response.status }))
    const { code, message, problems } = parsed.output.error
    if (response.status === 401 && code === 'unauthenticated') void session.expired()
    if (problems && problems.length > 0) throw new ImportFailure(message, problems)
    throw new ApiFailure(response.status, code, message)
  }
  const parsed = v.safeParse(StoredVersionSchema, body)
  if (!parsed.success) throw new ApiFailure(response.status, 'bad-response', m.error_bad_response())
  return parsed.output
}

/** Files larger than the API accepts are refused before sending. */
export const MAX_IMPORT_BYTES = 1024 * 1024 - 1024

/** Whether Rouages ships this framework (its criteria are fixed; the school adds descriptors). */
export const isShipped = (frameworkId: string): boolean =>
  SHIPPED_FRAMEWORKS.some((f) => f.id === frameworkId)

/** The national Lycée des métiers framework: its 8 criteria are set by law. */
export const isNational = (frameworkId: string): boolean => frameworkId === LYCEE_DES_METIERS.id

/**
 * The criteria Rouages ships with a framework: they stay (their number and title are the
 * label's); the school may add its own beside them, except to the national framework.
 */
export function shippedCriterionIds(frameworkId: string): ReadonlySet<string> {
  return new Set(shippedDefinition(frameworkId)?.criteria.map((criterion) => criterion.id) ?? [])
}

/** "Label E3D" → "label-e3d": lowercase letters, digits and dashes, as identifiers must be. */
export function slugify(text: string, maxLength = 48): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, maxLength)
    .replace(/-+$/, '')
}

/** `wanted`, or `wanted-2`, `wanted-3`… whichever is not in `used` yet (then marked used). */
export function uniqueId(wanted: string, used: Set<string>): string {
  const start = wanted.length >= 2 ? wanted : `${wanted}-x`.replace(/^-/, 'x')
  let id = start
  for (let n = 2; used.has(id); n++) id = `${start.slice(0, 44)}-${n}`
  used.add(id)
  return id
}

export const descriptorCount = (definition: FrameworkDefinition): number =>
  definition.criteria.reduce((count, criterion) => count + criterion.descriptors.length, 0)

/** "22/11/2026" (fr) or "11/22/2026" (en). */
export const shortDate = (iso: string): string =>
  new Intl.DateTimeFormat(getLocale(), { dateStyle: 'short' }).format(new Date(iso))

/** "version 3, enregistrée par Claire Martin le 22/11/2026" or "version fournie par Rouages". */
export function versionLine(framework: FrameworkVersion): string {
  if (framework.source === 'shipped' || framework.createdAt === null) return m.library_version_shipped()
  return framework.createdBy
    ? m.library_version_saved({
        version: framework.version,
        name: framework.createdBy,
        date: shortDate(framework.createdAt),
      })
    : m.library_version_saved_nobody({ version: framework.version, date: shortDate(framework.createdAt) })
}

/** "8 critères, 12 descripteurs" */
export const countsLine = (definition: FrameworkDefinition): string =>
  `${m.library_criteria_count({ count: definition.criteria.length })}, ${m.library_descriptors_count({
    count: descriptorCount(definition),
  })}`

/** "Ligne 3 — Critère : critère « 12 » inconnu" */
export const problemLine = (problem: ImportProblem): string =>
  problem.line === undefined
    ? m.library_problem({ field: problem.field, message: problem.message })
    : m.library_problem_line({ line: problem.line, field: problem.field, message: problem.message })

/**
 * A copy of `definition` where the criteria and descriptors added in a draft (their temporary
 * identifiers in `temporary`) get real ones: the slug of their number and words, unique in the
 * framework. Existing identifiers never change (grids and crosswalks refer to them).
 */
export function withRealIds(
  definition: FrameworkDefinition,
  temporary: ReadonlySet<string>,
): FrameworkDefinition {
  const result = structuredClone(definition)
  const used = new Set<string>()
  for (const criterion of result.criteria) {
    if (!temporary.has(criterion.id)) used.add(criterion.id)
    for (const descriptor of criterion.descriptors) if (!temporary.has(descriptor.id)) used.add(descriptor.id)
  }
  for (const criterion of result.criteria) {
    if (temporary.has(criterion.id))
      criterion.id = uniqueId(slugify(`c${criterion.number}-${criterion.shortTitle}`, 40), used)
    for (const descriptor of criterion.descriptors) {
      if (temporary.has(descriptor.id))
        descriptor.id = uniqueId(slugify(`c${criterion.number}-${descriptor.text}`, 40), used)
    }
  }
  return result
}

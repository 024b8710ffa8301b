/**
 * Preuve files on the server: uploading one, its download address, and its size in words.
 *
 * Uploads use XMLHttpRequest rather than `api.ts`'s fetch: fetch reports no upload progress, and a
 * 10 Mo file on a school network takes long enough to need a progress bar. Failures are the same
 * `ApiFailure` as everywhere else, with a French sentence to show as is.
 */
import * as v from 'valibot'
import { ApiErrorSchema } from '@rouages/shared/api/common'
import {
  PREUVE_FILE_FIELD,
  PREUVE_FILE_TYPES,
  StoredFileSchema,
  isAllowedFileName,
  type StoredFile,
} from '@rouages/shared/api/files'
import { ApiFailure, apiPath } from '#lib/api.ts'
import { m } from '#lib/paraglide/messages.js'
import { getLocale } from '#lib/paraglide/runtime.js'

/** Where a preuve file is downloaded from (always as an attachment, see the server route). */
export const fileDownloadPath = (etablissementId: string, fileId: string): string =>
  apiPath`/api/etablissements/${etablissementId}/fichiers/${fileId}`

/** The file picker's `accept`: the extensions the server takes (".pdf,.png,…"). */
export const PREUVE_FILE_ACCEPT = Object.values(PREUVE_FILE_TYPES)
  .flatMap((rule) => rule.extensions.map((extension) => `.${extension}`))
  .join(',')

export interface Upload {
  /** The stored file, or an `ApiFailure` (code `aborted` when cancelled). */
  done: Promise<StoredFile>
  abort: () => void
}

/**
 * Sends one file to the établissement's preuve files. Refuses at once, without sending anything,
 * a file whose extension the server would refuse and any file while the browser is offline.
 */
export function uploadPreuveFile(
  etablissementId: string,
  file: File,
  onprogress: (fraction: number) => void,
): Upload {
  if (!isAllowedFileName(file.name)) {
    return refused(new ApiFailure(415, 'unsupported-type', m.preuve_file_type_error()))
  }
  if (!navigator.onLine) return refused(new ApiFailure(0, 'offline', m.preuve_file_offline()))

  const xhr = new XMLHttpRequest()
  const done = new Promise<StoredFile>((resolve, reject) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onprogress(event.loaded / event.total)
    }
    xhr.onload = () => {
      if (xhr.status === 201) {
        const parsed = v.safeParse(StoredFileSchema, parseJson(xhr.responseText))
        if (parsed.success) resolve(parsed.output)
        else reject(new ApiFailure(xhr.status, 'bad-response', m.error_bad_response()))
      } else reject(failureOf(xhr))
    }
    xhr.onerror = () =>
      reject(
        navigator.onLine
          ? new ApiFailure(0, 'network', m.preuve_file_network())
          : new ApiFailure(0, 'offline', m.preuve_file_offline()),
      )
    xhr.onabort = () => reject(new ApiFailure(0, 'aborted', ''))
  })
  const form = new FormData()
  form.append(PREUVE_FILE_FIELD, file, file.name)
  xhr.open('POST', apiPath`/api/etablissements/${etablissementId}/fichiers`)
  xhr.setRequestHeader('accept', 'application/json')
  xhr.send(form)
  return { done, abort: () => xhr.abort() }
}

function refused(failure: ApiFailure): Upload {
  return { done: Promise.reject(failure), abort: () => {} }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * The server's sentence for a refused upload, except for a refused type: the server cannot say
 * more than "not allowed", while people need to know the content did not match the name and
 * which types are accepted.
 */
function failureOf(xhr: XMLHttpRequest): ApiFailure {
  const parsed = v.safeParse(ApiErrorSchema, parseJson(xhr.responseText))
  if (xhr.status === 415) return new ApiFailure(415, 'unsupported-type', m.preuve_file_content_error())
  if (parsed.success) {
    const { code, message } = parsed.output.error
    return new ApiFailure(xhr.status, code, message)
  }
  if (xhr.status === 413) return new ApiFailure(413, 'payload-too-large', m.preuve_file_too_large())
  return new ApiFailure(xhr.status, 'http', m.error_unexpected({ status: xhr.status }))
}

/** "512 o", "3,1 ko", "2,4 Mo" (French), "3.1 kB" (English). */
export function formatFileSize(bytes: number): string {
  const [unit, value] =
    bytes < 1000
      ? (['byte', bytes] as const)
      : bytes < 1000 * 1000
        ? (['kilobyte', bytes / 1024] as const)
        : (['megabyte', bytes / (1024 * 1024)] as const)
  return new Intl.NumberFormat(getLocale(), {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value)
}

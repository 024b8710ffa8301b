import * as v from 'valibot'

/**
 * Preuve files: what may be uploaded and what the upload answers. The server checks each type
 * against the file's first bytes (`magic`), not only its name; the app offers the same extensions
 * in its file picker and refuses others before sending anything.
 */
export const PREUVE_FILE_TYPES: Record<string, { extensions: string[]; magic?: number[] }> = {
  'application/pdf': { extensions: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46] },
  'image/png': { extensions: ['png'], magic: [0x89, 0x50, 0x4e, 0x47] },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  // ODF first: public offices use it.
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'], magic: [0x50, 0x4b, 0x03, 0x04] },
  'application/vnd.oasis.opendocument.spreadsheet': { extensions: ['ods'], magic: [0x50, 0x4b, 0x03, 0x04] },
  'application/vnd.oasis.opendocument.presentation': { extensions: ['odp'], magic: [0x50, 0x4b, 0x03, 0x04] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['docx'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    extensions: ['xlsx'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    extensions: ['pptx'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  'text/plain': { extensions: ['txt'] },
  'text/csv': { extensions: ['csv'] },
}

/** The multipart field that carries the file. */
export const PREUVE_FILE_FIELD = 'fichier'

/** The lower-case extension of a file name ('' without one). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase()
}

/** Whether a name has an extension that may be uploaded (the content is checked by the server). */
export function isAllowedFileName(name: string): boolean {
  const extension = fileExtension(name)
  return Object.values(PREUVE_FILE_TYPES).some((rule) => rule.extensions.includes(extension))
}

/** The answer to an upload (201). */
export const StoredFileSchema = v.object({
  id: v.string(),
  name: v.string(),
  contentType: v.string(),
  size: v.number(),
  createdAt: v.string(),
})
export type StoredFile = v.InferOutput<typeof StoredFileSchema>

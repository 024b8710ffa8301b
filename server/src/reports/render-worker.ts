import { move } from 'piscina'
import type { Report } from '@rouages/shared/report/model'

/**
 * The report renderers' thread (started by `render-pool.ts`): a report model in, the file's bytes
 * out. Each renderer is loaded in this thread on its first use, so an ODT loads neither pdfmake
 * nor docx.
 */
const RENDERERS = {
  pdf: async (report: Report) => (await import('./pdf.ts')).reportPdf(report),
  docx: async (report: Report) => (await import('./docx.ts')).reportDocx(report),
  odt: async (report: Report) => (await import('./odt.ts')).reportOdt(report),
}

export type RenderFormat = keyof typeof RENDERERS

export interface RenderTask {
  report: Report
  format: RenderFormat
}

/** Resolves, on the main thread, to the file as a `Uint8Array<ArrayBuffer>`. */
export default async function render({ report, format }: RenderTask): Promise<ReturnType<typeof move>> {
  const bytes = await RENDERERS[format](report)
  // Transferred, not copied: a view of only part of its buffer would move the whole buffer.
  return move(bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice())
}

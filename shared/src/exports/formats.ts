import Papa from 'papaparse'
import type { Cell, Table } from './tables.ts'

/** "31/05/2026" from "2026-05-31". */
const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
/** "12,5" — French decimals, no thousands separator (spreadsheets read it back as a number). */
const frenchNumber = (value: number) => String(value).replace('.', ',')

function csvCell(cell: Cell): string {
  if (cell === null) return ''
  if (typeof cell === 'number') return frenchNumber(cell)
  if (typeof cell === 'object') return frenchDate(cell.date)
  return cell
}

/**
 * A table as CSV for French spreadsheets: `;` separators, French dates and decimals, CRLF lines and
 * a BOM so Excel reads the accents.
 */
export function toCsv(table: Table): string {
  const data = [table.headers, ...table.rows.map((row) => row.map(csvCell))]
  return `\uFEFF${Papa.unparse(data, { delimiter: ';', newline: '\r\n', quotes: false })}\r\n`
}

/** Excel's number format for dates in French order. */
export const XLSX_DATE_FORMAT = 'dd/mm/yyyy'

/**
 * Tables as an XLSX workbook (one sheet each) with real dates and numbers: a French Excel or
 * LibreOffice shows them as 31/05/2026 and 12,5. Loaded on demand (the library weighs ~100 kB).
 */
export async function toXlsx(tables: Table[]): Promise<Blob> {
  const { default: writeXlsx } = await import('write-excel-file/universal')
  const sheets = tables.map((table) => ({
    sheet: table.name.slice(0, 31),
    data: [
      table.headers.map((header) => ({ value: header, fontWeight: 'bold' as const })),
      ...table.rows.map((row) =>
        row.map((cell) => {
          if (cell === null) return null
          if (typeof cell === 'number') return { value: cell, type: Number }
          if (typeof cell === 'object')
            return { value: new Date(`${cell.date}T00:00:00Z`), type: Date, format: XLSX_DATE_FORMAT }
          return { value: cell, type: String }
        }),
      ),
    ],
    columns: table.headers.map((header) => ({ width: Math.min(60, Math.max(12, header.length + 2)) })),
    stickyRowsCount: 1,
  }))
  return writeXlsx(sheets).toBlob()
}

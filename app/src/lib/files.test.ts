import { describe, expect, it } from 'vitest'
import { isAllowedFileName } from '@rouages/shared/api/files'
import { PREUVE_FILE_ACCEPT, fileDownloadPath, formatFileSize } from './files.ts'

describe('preuve files', () => {
  it('says sizes the French way', () => {
    // Intl puts a no-break space between the number and its unit.
    const plain = (bytes: number) => formatFileSize(bytes).replace(/\s/g, ' ')
    expect(plain(70)).toBe('70 o')
    expect(plain(3015)).toBe('2,9 ko')
    expect(plain(250_000)).toBe('244 ko')
    expect(plain(10 * 1024 * 1024)).toBe('10 Mo')
  })

  it('offers in the picker exactly the extensions the server takes', () => {
    const offered = PREUVE_FILE_ACCEPT.split(',')
    expect(offered).toContain('.pdf')
    expect(offered).toContain('.odt')
    for (const extension of offered) expect(isAllowedFileName(`preuve${extension.toUpperCase()}`)).toBe(true)
    expect(isAllowedFileName('programme.exe')).toBe(false)
    expect(isAllowedFileName('pdf')).toBe(false)
  })

  it('downloads from the établissement’s files', () => {
    expect(fileDownloadPath('abcdefghijklmnop', 'qrstuvwxyz234567')).toBe(
      '/api/etablissements/abcdefghijklmnop/fichiers/qrstuvwxyz234567',
    )
  })
})

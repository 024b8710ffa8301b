import { describe, expect, it } from 'vitest'
import { NO_AUDIT_FILTERS, auditQuery } from './audit-query.ts'

describe('auditQuery', () => {
  it('is empty without filters', () => {
    expect(auditQuery(NO_AUDIT_FILTERS)).toBe('')
  })

  it('turns days into the first and last instant of each, in the local time zone', () => {
    const query = new URLSearchParams(
      auditQuery({
        action: 'member.removed',
        actor: 'abcdefghijklmnop',
        from: '2026-03-02',
        to: '2026-03-05',
      }),
    )
    expect(query.get('action')).toBe('member.removed')
    expect(query.get('actor')).toBe('abcdefghijklmnop')
    expect(query.get('from')).toBe(new Date(2026, 2, 2, 0, 0, 0, 0).toISOString())
    expect(query.get('to')).toBe(new Date(2026, 2, 5, 23, 59, 59, 999).toISOString())
  })

  it('adds paging parameters', () => {
    expect(auditQuery(NO_AUDIT_FILTERS, { limit: '50', before: '120' })).toBe('?limit=50&before=120')
  })
})

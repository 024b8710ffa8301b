import { describe, expect, it } from 'vitest'
import type { WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { pastLevelsOf, type PastBilan } from './past-bilans.ts'

const levels = [{ id: 'a-initier' }, { id: 'en-cours' }, { id: 'atteint' }, { id: 'consolide' }]
const entry = (level: string | null) => ({
  level,
  constats: '',
  pointsForts: '',
  vigilance: '',
  preuves: [],
  indicatorIds: [],
  actionIds: [],
})

function bilan(id: string, frameworks: WorkspaceSnapshot['frameworks']): PastBilan {
  return {
    id,
    schoolYear: '2024-2025',
    name: `Bilan ${id}`,
    createdAt: '2025-06-20T10:00:00.000Z',
    snapshot: {
      schemaVersion: 2,
      schoolYear: '2024-2025',
      frameworks,
      actions: [],
      indicators: [],
      crosswalk: [],
    },
  }
}

const criterion = (id: string, ...descriptorLevels: Array<string | null>) => ({
  id,
  number: id.slice(-1),
  title: id,
  shortTitle: id,
  synthesis: '',
  descriptors: descriptorLevels.map((level, index) => ({
    id: `${id}-${index}`,
    text: '',
    expectations: '',
    entry: entry(level),
  })),
})

describe('past bilans beside the tableau de bord', () => {
  it('gives each bilan’s mean level per criterion, on the scale shown today', () => {
    const framework = {
      id: 'ldm',
      label: 'LdM',
      // The bilan's own scale is not read: levels are placed on today's.
      scale: { id: 'four', label: '', levels: [] },
      criteria: [
        criterion('c-1', 'en-cours', 'consolide'),
        criterion('c-2', null),
        criterion('c-3', 'inconnu'),
      ],
    }
    const other = { ...framework, id: 'e3d', criteria: [criterion('e-1', 'atteint')] }
    const past = [bilan('juin', [framework, other]), bilan('e3d-seul', [other])]
    expect(pastLevelsOf('ldm', levels, past)).toEqual([
      {
        id: 'juin',
        name: 'Bilan juin',
        schoolYear: '2024-2025',
        createdAt: '2025-06-20T10:00:00.000Z',
        // (1 + 3) / 2; nothing positioned; a level the scale no longer has counts as not positioned.
        means: { 'c-1': 2, 'c-2': null, 'c-3': null },
      },
    ])
    expect(pastLevelsOf('e3d', levels, past).map((item) => [item.id, item.means])).toEqual([
      ['juin', { 'e-1': 2 }],
      ['e3d-seul', { 'e-1': 2 }],
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { exportDescriptorsCsv, importDescriptorsCsv, importFrameworkJson } from './import-export.ts'
import { shippedDefinition } from './index-data.ts'

const ldm = shippedDefinition('lycee-des-metiers')!

describe('descriptors CSV', () => {
  it('imports descriptors under their criteria, with quotes and either separator', () => {
    const csv = [
      'Critère;Descripteur;Attendus',
      '1;La carte des formations est lisible;Plaquette à jour',
      '4;"Des partenariats ""actifs"" formalisés";',
      '4;Un bureau des entreprises;',
      '',
    ].join('\r\n')
    const result = importDescriptorsCsv(ldm, csv)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.framework.criteria[0]?.descriptors.map((d) => d.text)).toEqual([
      'La carte des formations est lisible',
    ])
    expect(result.framework.criteria[0]?.descriptors[0]?.expectations).toBe('Plaquette à jour')
    expect(result.framework.criteria[3]?.descriptors.map((d) => d.text)).toEqual([
      'Des partenariats "actifs" formalisés',
      'Un bureau des entreprises',
    ])
    expect(importDescriptorsCsv(ldm, 'Critère,Descripteur\n2,Accueil des apprentis').ok).toBe(true)
  })

  it('round-trips through export', () => {
    const first = importDescriptorsCsv(
      ldm,
      'Critère;Descripteur;Attendus\n8;Une page « Lycée des métiers » sur le site; ;\n',
    )
    expect(first.ok).toBe(true)
    if (!first.ok) return
    const again = importDescriptorsCsv(ldm, exportDescriptorsCsv(first.framework))
    expect(again).toEqual(first)
  })

  it('refuses a malformed file with one message per bad line and field, importing nothing', () => {
    const csv = [
      'Critère;Descripteur;Attendus',
      '1;Correct;',
      '9;Critère inexistant;',
      '3;;',
      `2;${'x'.repeat(601)};`,
    ].join('\n')
    expect(importDescriptorsCsv(ldm, csv)).toEqual({
      ok: false,
      problems: [
        { line: 3, field: 'Critère', message: 'critère « 9 » inconnu (attendu : 1, 2, 3, 4, 5, 6, 7, 8)' },
        { line: 4, field: 'Descripteur', message: 'texte du descripteur vide' },
        { line: 5, field: 'Descripteur', message: 'texte trop long (600 caractères au plus)' },
      ],
    })
  })

  it('refuses a file without the expected header', () => {
    expect(importDescriptorsCsv(ldm, 'numéro;texte\n1;x')).toMatchObject({
      ok: false,
      problems: [{ line: 1, field: 'en-tête' }],
    })
  })
})

describe('framework JSON', () => {
  it('reads back an exported framework', () => {
    expect(importFrameworkJson(JSON.stringify(ldm))).toEqual({ ok: true, framework: ldm })
  })

  it('names the faulty fields by their path', () => {
    const broken = structuredClone(ldm) as unknown as {
      scale: { levels: Array<{ color: string }> }
      criteria: Array<{ title: string }>
    }
    broken.scale.levels[1]!.color = 'rouge'
    broken.criteria[2]!.title = ''
    const result = importFrameworkJson(JSON.stringify(broken))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { field: 'scale.levels[1].color', message: 'couleur au format #RRGGBB' },
        { field: 'criteria[2].title', message: 'intitulé obligatoire' },
      ]),
    )
  })

  it('says when the file is not JSON at all', () => {
    expect(importFrameworkJson('{ "id": ')).toMatchObject({ ok: false, problems: [{ field: 'fichier' }] })
  })
})

import { describe, expect, it } from 'vitest';
import { isRegionKato, regionByKato, REGIONS, topLevelKato } from '../../shared/domain/regions.js';

describe('REGIONS', () => {
  it('lists the 20 top-level regions with unique KATO and ISO codes', () => {
    // Prepare
    const regions = REGIONS;

    // Act
    const katos = new Set(regions.map((region) => region.kato));
    const isos = new Set(regions.map((region) => region.iso));

    // Assess
    expect(regions).toHaveLength(20);
    expect(katos.size).toBe(20);
    expect(isos.size).toBe(20);
  });

  it('pairs each 9-digit top-level KATO code with the ISO code of the same two digits', () => {
    // Prepare
    const regions = REGIONS;

    // Act
    const mismatched = regions.filter(
      (region) => !/^\d{2}0{7}$/.test(region.kato) || region.iso !== `KZ-${region.kato.slice(0, 2)}`,
    );

    // Assess
    expect(mismatched).toEqual([]);
  });

  it('names every region in Kazakh, Russian and English without the ISO suffix', () => {
    // Prepare
    const regions = REGIONS;

    // Act
    const incomplete = regions.filter(
      ({ name }) => !name.kk || !name.ru || !name.en || /[()]/.test(name.en) || name.en.includes('KZ-'),
    );

    // Assess
    expect(incomplete).toEqual([]);
    expect(regionByKato('620000000')?.name).toEqual({ kk: 'Ұлытау облысы', ru: 'область Ұлытау', en: 'Ulytau Region' });
  });
});

describe('regionByKato and isRegionKato', () => {
  it('find top-level codes and nothing else', () => {
    // Prepare
    const city = '750000000';
    const district = '751110000';

    // Act
    const found = regionByKato(city);

    // Assess
    expect(found?.iso).toBe('KZ-75');
    expect(found?.name.en).toBe('Almaty');
    expect(isRegionKato(city)).toBe(true);
    expect(isRegionKato(district)).toBe(false);
    expect(regionByKato(district)).toBeUndefined();
  });
});

describe('topLevelKato', () => {
  it.each([
    ['750000000', '750000000'],
    ['751110000', '750000000'],
    ['354400000', '350000000'],
    ['100000000', '100000000'],
    ['795110000', '790000000'],
    ['511010000', '790000000'],
  ])('maps %s to %s', (code, expected) => {
    // Prepare
    const input = code;

    // Act
    const top = topLevelKato(input);

    // Assess
    expect(top).toBe(expected);
  });

  it.each(['', '75000000', '7500000000', '75000000a', '990000000', '511000000'])(
    'returns undefined for malformed or unknown %j',
    (code) => {
      // Prepare
      const input = code;

      // Act
      const top = topLevelKato(input);

      // Assess
      expect(top).toBeUndefined();
    },
  );
});

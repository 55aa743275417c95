/** The portal's compact tenge for figure cards: short on the card, never wrong about the magnitude. */
import { describe, expect, it } from 'vitest';
import { compactMoney, fileSize, money } from '../../web/src/format.js';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('compactMoney', () => {
  it('writes billions and millions with their short words in each language', () => {
    expect(plain(compactMoney('974000000000', 'ru'))).toBe('974 млрд ₸');
    expect(plain(compactMoney('974000000000', 'kk'))).toBe('974 млрд ₸');
    expect(plain(compactMoney('974000000000', 'en'))).toBe('₸974 bn');
    expect(plain(compactMoney('1250000000', 'ru'))).toBe('1,2 млрд ₸');
    expect(plain(compactMoney('300500000', 'en'))).toBe('₸300.5 m');
    expect(plain(compactMoney('1200000000000', 'ru'))).toBe('1,2 трлн ₸');
  });

  it('never rounds up past the amount, and keeps amounts under a million in full', () => {
    expect(plain(compactMoney('999999999999', 'ru'))).toBe('999,9 млрд ₸');
    expect(compactMoney('950000', 'ru')).toBe(money('950000', 'ru'));
    expect(compactMoney('1234567.5', 'ru')).toMatch(/^1,2\s+млн ₸$/);
    expect(compactMoney(undefined, 'ru')).toBe('—');
  });
});

describe('fileSize', () => {
  it('writes bytes, then binary kilo-, mega- and gigabytes with one decimal in each language', () => {
    expect(plain(fileSize(512, 'ru'))).toBe('512 байт');
    expect(plain(fileSize(1536, 'ru'))).toBe('1,5 КБ');
    expect(plain(fileSize(1536, 'en'))).toBe('1.5 KB');
    expect(plain(fileSize(100 * 1024 * 1024, 'kk'))).toMatch(/^100 МБ$/);
    expect(plain(fileSize(3 * 1024 ** 4, 'en'))).toBe('3,072 GB');
  });
});

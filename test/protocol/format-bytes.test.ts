import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatBytes, formatBytesPerSecond } from '../../src/protocol/format-bytes.js'

const KiB = 1024
const GiB = KiB ** 3

describe('formatBytes', () => {
  it('writes IEC units for the server messages, whatever the locale', () => {
    const cases: Array<[number, string]> = [
      [0, '0 bytes'],
      [1023, '1023 bytes'],
      [KiB, '1 KiB'],
      [1536, '1.5 KiB'],
      [5 * GiB, '5 GiB'],
      [5 * GiB + 1, '5 GiB'],
      [5 * KiB * GiB, '5 TiB'],
      [2048 * KiB * GiB, '2048 TiB'],
    ]
    for (const [bytes, text] of cases) expect(formatBytes(bytes, 'de', { units: 'iec' })).toBe(text)
  })

  it('speaks the locale through Intl by default', () => {
    expect(formatBytes(1536, 'en')).toBe('1.5 kB')
    expect(formatBytes(1536, 'de')).toBe('1,5 kB')
    // Bytes as people write them (issue 16: "22 byte", "0 byte of 120.6 kB").
    expect(formatBytes(0, 'en')).toBe('0 B')
    expect(formatBytes(22, 'en')).toBe('22 B')
    expect(formatBytes(1023, 'de')).toBe('1.023 B')
    expect(formatBytesPerSecond(512, 'en')).toBe('512 B/s')
    expect(formatBytesPerSecond(1536, 'en')).toBe('1.5 kB/s')
  })
})

describe('formatter reuse', () => {
  afterEach(() => vi.restoreAllMocks())

  it('builds one Intl.NumberFormat per locale and unit, not one per call (a 1000-row list formats a size per row per render)', () => {
    const Real = Intl.NumberFormat
    let made = 0
    vi.spyOn(Intl, 'NumberFormat').mockImplementation(function (...args: ConstructorParameters<typeof Intl.NumberFormat>) {
      made += 1
      return new Real(...args)
    } as typeof Intl.NumberFormat)
    const sizes = Array.from({ length: 200 }, (_, i) => i * 4099)
    const first = sizes.map((bytes) => formatBytes(bytes, 'fr'))
    const again = sizes.map((bytes) => formatBytes(bytes, 'fr'))
    expect(again).toEqual(first)
    // Bytes, kB and MB in French: three formatters, whatever the number of calls.
    expect(made).toBeGreaterThan(0)
    expect(made).toBeLessThanOrEqual(3)
    expect(formatBytes(1536, 'fr')).toBe(new Intl.NumberFormat('fr', { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 1 }).format(1.5))
  })
})

/**
 * Byte counts for people, base 1024 as file managers show them: the one byte
 * formatter of the codebase, here because both sides write sizes into messages.
 * The UI speaks the user's language through Intl (`1,5 kB`; Intl has no KiB);
 * the server, which does not know its reader's language, writes IEC units
 * (`5 GiB`) with `{ units: 'iec' }`.
 */

import { numberFormat } from './intl-formatters.js'

const INTL_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const
const IEC_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const

export interface FormatBytesOptions {
  /** `'intl'` (default): the locale's own unit names. `'iec'`: `bytes`, `KiB` … `TiB`, whatever the locale. */
  units?: 'intl' | 'iec'
}

function scale(bytes: number): { value: number; index: number; digits: number } {
  let value = Math.max(0, bytes)
  let index = 0
  while (value >= 1024 && index < INTL_UNITS.length - 1) {
    value /= 1024
    index += 1
  }
  return { value, index, digits: index === 0 ? 0 : 1 }
}

/**
 * Intl's short name for a byte is the word ("22 byte", "0 byte of 120.6 kB" in English),
 * where people write `B`: bytes get the symbol, with the locale's own digits.
 */
function plainBytes(value: number, locale: string | undefined, suffix: string): string {
  return `${numberFormat(locale, { maximumFractionDigits: 0 }).format(value)} ${suffix}`
}

/** Sizes in the user's language (`Intl.NumberFormat` unit style), or in IEC units with `{ units: 'iec' }`. */
export function formatBytes(bytes: number, locale?: string, { units = 'intl' }: FormatBytesOptions = {}): string {
  const { value, index, digits } = scale(bytes)
  if (units === 'iec') return `${index === 0 ? String(value) : String(Math.round(value * 10) / 10)} ${IEC_UNITS[index]!}`
  if (index === 0) return plainBytes(value, locale, 'B')
  return numberFormat(locale, { style: 'unit', unit: INTL_UNITS[index]!, unitDisplay: 'short', maximumFractionDigits: digits }).format(value)
}

/** A transfer rate such as "1.5 MB/s", with Intl's compound `-per-second` units. */
export function formatBytesPerSecond(bytesPerSecond: number, locale?: string): string {
  const { value, index, digits } = scale(bytesPerSecond)
  if (index === 0) return plainBytes(value, locale, 'B/s')
  return numberFormat(locale, { style: 'unit', unit: `${INTL_UNITS[index]!}-per-second`, unitDisplay: 'short', maximumFractionDigits: digits }).format(value)
}

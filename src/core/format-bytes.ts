const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const

function scale(bytes: number): { value: number; unit: (typeof UNITS)[number]; digits: number } {
  let value = Math.max(0, bytes)
  let index = 0
  while (value >= 1024 && index < UNITS.length - 1) {
    value /= 1024
    index += 1
  }
  return { value, unit: UNITS[index]!, digits: index === 0 ? 0 : 1 }
}

/** Sizes in the user's language (`Intl.NumberFormat` unit style), base 1024 as file managers show them. */
export function formatBytes(bytes: number, locale?: string): string {
  const { value, unit, digits } = scale(bytes)
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  }).format(value)
}

/** A transfer rate such as "1.5 MB/s", with Intl's compound `-per-second` units. */
export function formatBytesPerSecond(bytesPerSecond: number, locale?: string): string {
  const { value, unit, digits } = scale(bytesPerSecond)
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: `${unit}-per-second`,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  }).format(value)
}

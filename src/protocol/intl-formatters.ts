/**
 * `Intl` formatters by locale and options, made once: building one costs far more than
 * formatting with it, and the widget formats counts, sizes and durations on every snapshot it
 * renders, ten a second while files upload, and a size per row (a CPU profile of 1000 small
 * uploads had `formatBytes` at ~0.5 s of self time, nearly all of it building formatters).
 */
const numberFormats = new Map<string, Intl.NumberFormat>()
const pluralRules = new Map<string, Intl.PluralRules>()
const listFormats = new Map<string, Intl.ListFormat>()

function cached<T, O>(made: Map<string, T>, make: (locale: string | undefined, options: O) => T, locale: string | undefined, options: O): T {
  const id = `${locale ?? ''}\u0000${JSON.stringify(options)}`
  let formatter = made.get(id)
  if (formatter === undefined) {
    formatter = make(locale, options)
    made.set(id, formatter)
  }
  return formatter
}

export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, (l, o) => new Intl.NumberFormat(l, o), locale, options)
}

export function pluralRule(locale: string | undefined): Intl.PluralRules {
  return cached(pluralRules, (l) => new Intl.PluralRules(l), locale, undefined)
}

export function listFormat(locale: string | undefined, options: Intl.ListFormatOptions = {}): Intl.ListFormat {
  return cached(listFormats, (l, o) => new Intl.ListFormat(l, o), locale, options)
}

/**
 * MIME type checks for the type a browser declares for its file. The type is
 * signed into the URL, so the store refuses a body sent with any other type.
 */

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream'
const MAX_CONTENT_TYPE_LENGTH = 255

// RFC 9110 media-type: token "/" token *( OWS ";" OWS parameter ). No CR/LF can slip into a header.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const QUOTED = '"[^"\\\\\\x00-\\x1f\\x7f]*"'
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`)
const PATTERN = new RegExp(`^(?:\\*|\\*/\\*|${TOKEN}/(?:${TOKEN}|\\*))$`)

export type ContentTypePattern = string | RegExp

export function isValidMediaType(type: string): boolean {
  return type.length <= MAX_CONTENT_TYPE_LENGTH && MEDIA_TYPE.test(type)
}

/** `Image/PNG; charset=x` → `image/png`: what patterns are matched against. */
export function mediaTypeEssence(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase()
}

/** Checked once, at handler creation, so a typo fails at startup instead of on every upload. */
export function validateContentTypePatterns(patterns: readonly ContentTypePattern[]): ContentTypePattern[] {
  if (!Array.isArray(patterns)) throw new TypeError('allowedContentTypes must be an array')
  if (patterns.length === 0) {
    throw new TypeError('allowedContentTypes is empty, which would refuse every file; omit it to allow all types')
  }
  return patterns.map((pattern) => {
    if (pattern instanceof RegExp) return pattern
    if (typeof pattern === 'string' && PATTERN.test(pattern)) return pattern.toLowerCase()
    throw new TypeError(
      `allowedContentTypes: ${JSON.stringify(pattern)} is not a MIME type or a pattern like "image/*"` +
        ' (file extensions are not supported)',
    )
  })
}

/**
 * Types a `type/*` wildcard never admits; only a pattern naming them does (or `*`).
 * An SVG may carry script, and a getObjects URL opened in a tab serves it inline,
 * where the script runs on the store's origin (issue 12).
 */
const NOT_BY_TYPE_WILDCARD: ReadonlySet<string> = new Set(['image/svg+xml'])

function matches(essence: string, pattern: ContentTypePattern): boolean {
  if (pattern instanceof RegExp) {
    // A /g or /y pattern keeps state between test() calls; start from the beginning every time.
    pattern.lastIndex = 0
    return pattern.test(essence)
  }
  if (pattern === '*' || pattern === '*/*') return true
  if (pattern.endsWith('/*')) return essence.startsWith(pattern.slice(0, -1)) && !NOT_BY_TYPE_WILDCARD.has(essence)
  return essence === pattern
}

/** `undefined` patterns means every type is allowed. */
export function isContentTypeAllowed(type: string, patterns: readonly ContentTypePattern[] | undefined): boolean {
  if (patterns === undefined) return true
  const essence = mediaTypeEssence(type)
  return patterns.some((pattern) => matches(essence, pattern))
}

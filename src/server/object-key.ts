/**
 * Object keys are made here, never taken from the client: `prefix + uuid + '/' + name`.
 * The random id keeps keys unguessable and unique; the sanitised name keeps
 * them readable in the console and gives downloads a sensible file name.
 */

/** S3's own limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024
/** Leaves room for the id (36), the slash and a full-length name within MAX_KEY_BYTES. */
export const MAX_PREFIX_BYTES = 512
/** Long enough for any real name, short enough for every file system a download lands on. */
export const MAX_NAME_BYTES = 200
/** Longer than any file system allows (Linux caps a whole path at 4096 bytes). */
export const MAX_RAW_NAME_LENGTH = 4096
export const FALLBACK_NAME = 'file'
const MAX_EXTENSION_CHARS = 16

const encoder = new TextEncoder()
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

// JSON can carry unpaired surrogates ("\ud800"); they would make encodeURIComponent
// throw while signing, and Windows file names may really contain them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// Bidi marks, embeddings/overrides and isolates: they make `gpj.exe` display as `exe.jpg`.
const BIDI_CONTROLS = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069'
// Control characters (NUL included), bidi controls and the BOM. ZWJ/ZWNJ stay: scripts and emoji need them.
const INVISIBLE = new RegExp(`[\\p{Cc}${BIDI_CONTROLS}\\uFEFF]`, 'gu')
const BIDI = new RegExp(`[${BIDI_CONTROLS}]`, 'u')

export function hasBidiControls(text: string): boolean {
  return BIDI.test(text)
}
// Characters Windows forbids in names plus those AWS advises against in keys:
// they break hand-built URLs (`#`, `?`, `%`) and downloads on Windows.
const AWKWARD = /[<>:"|?*#%{}^[\]`~]/g
const PATH_SEPARATORS = /[/\\]/

export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length
}

export function isWellFormed(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0
  return !LONE_SURROGATE.test(text)
}

export function hasControlCharacters(text: string): boolean {
  return /\p{Cc}/u.test(text)
}

/**
 * Why a browser-supplied name is refused outright, if it is. A browser gives only
 * the last segment of a path and no OS allows '/' or NUL in a name, so these only
 * come from crafted requests; unpaired surrogates are not Unicode (nor UTF-8).
 * Everything else odd is repaired by `sanitizeFileName` instead.
 */
export function fileNameProblem(name: string): string | undefined {
  if (name.includes('/')) return 'The file name must not contain "/"'
  if (name.includes('\u0000')) return 'The file name must not contain NUL characters'
  if (!isWellFormed(name)) return 'The file name is not valid Unicode'
  return undefined
}

/** Cuts whole grapheme clusters, so an accent or an emoji is never split in half. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8ByteLength(text) <= maxBytes) return text
  let kept = ''
  let used = 0
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8ByteLength(segment)
    if (used + size > maxBytes) break
    kept += segment
    used += size
  }
  return kept
}

function splitExtension(name: string): [base: string, extension: string] {
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 ? name.slice(dot) : ''
  const isExtension = extension.length > 1 && [...extension].length <= MAX_EXTENSION_CHARS + 1 && !/\s/u.test(extension)
  return isExtension ? [name.slice(0, dot), extension] : [name, '']
}

function capLength(name: string): string {
  const [base, extension] = splitExtension(name)
  const extensionBytes = utf8ByteLength(extension)
  if (utf8ByteLength(base) + extensionBytes <= MAX_NAME_BYTES) return name
  return truncateUtf8(base, MAX_NAME_BYTES - extensionBytes).trimEnd() + extension
}

/**
 * A readable, safe last path segment from a browser-supplied name:
 * `../../etc/passwd` → `passwd`, `résumé  東京.txt` → `résumé 東京.txt`.
 */
export function sanitizeFileName(raw: string): string {
  const normalized = raw.replace(LONE_SURROGATE, '').normalize('NFC')
  const lastSegment = normalized.split(PATH_SEPARATORS).filter((part) => part.trim() !== '').pop() ?? ''
  const cleaned = lastSegment
    .replace(/\s+/gu, ' ') // tabs and newlines become spaces before controls are dropped
    .replace(INVISIBLE, '')
    .replace(AWKWARD, '_')
    .replace(/ {2,}/g, ' ')
    .trim()
    // Windows drops trailing dots and spaces on save; do it here so the key matches the download.
    .replace(/[. ]+$/, '')
  const capped = capLength(cleaned).replace(/[. ]+$/, '')
  // "." and ".." would be resolved away by URL parsers, breaking the signed path.
  return capped === '' || /^\.+$/.test(capped) ? FALLBACK_NAME : capped
}

/**
 * `prefix` must already be normalised (see `normalizeKeyPrefix`). `idSuffix` is
 * appended to the uuid (see part-layout.ts); it must contain no '/'.
 */
export function makeObjectKey(prefix: string, fileName: string, idSuffix = ''): string {
  return `${prefix}${crypto.randomUUID()}${idSuffix}/${sanitizeFileName(fileName)}`
}

function hasDotOrEmptySegment(path: string): boolean {
  return path.split('/').some((segment) => segment === '.' || segment === '..' || segment === '')
}

/**
 * Checks a prefix chosen by the host app (option, function or authorize result).
 * Returns it with a trailing '/', so `users/4` can never match `users/42/…`.
 * Throws a TypeError: a bad prefix is a bug in the host app, not in the request.
 * `''` (the whole bucket) only with `allowWholeBucket`: a per-user prefix function
 * that returns '' for a missing id must not silently grant every key (issue 12).
 */
export function normalizeKeyPrefix(prefix: unknown, source: string, allowWholeBucket: boolean): string {
  if (typeof prefix !== 'string') throw new TypeError(`${source} must be a string`)
  if (prefix === '') {
    if (allowWholeBucket) return ''
    throw new TypeError(
      `${source} is '', which grants the whole bucket; pass allowWholeBucket: true to createPresignHandler if that is meant`,
    )
  }
  const withSlash = prefix.endsWith('/') ? prefix : `${prefix}/`
  const problem =
    !isWellFormed(prefix) || hasControlCharacters(prefix) ? 'contains control or unpaired surrogate characters'
    : prefix.startsWith('/') ? 'must not start with "/"'
    : hasDotOrEmptySegment(withSlash.slice(0, -1)) ? 'must not contain ".", ".." or empty path segments'
    : utf8ByteLength(withSlash) > MAX_PREFIX_BYTES ? `must be at most ${MAX_PREFIX_BYTES} UTF-8 bytes`
    : undefined
  if (problem !== undefined) throw new TypeError(`${source} ${problem}: ${JSON.stringify(prefix)}`)
  return withSlash
}

/** Whether a client-supplied key lies inside `prefix` (normalised) without path tricks. */
export function isKeyUnderPrefix(key: string, prefix: string): boolean {
  return key.length > prefix.length && key.startsWith(prefix) && !hasDotOrEmptySegment(key.slice(prefix.length))
}

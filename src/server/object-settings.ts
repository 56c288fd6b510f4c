import type { FileDescriptor } from '../protocol/messages.js'
import type { ResolvedOptions } from './options.js'

/**
 * Settings of a new object that the server decides and signs into the URL, so the
 * browser can neither change nor drop them: Cache-Control, Content-Disposition
 * (the original file name, RFC 6266), user metadata and tags. All are signed
 * headers the browser sends (Cache-Control, Content-Disposition, x-amz-meta-*,
 * x-amz-tagging, If-None-Match), so the bucket's CORS rule must allow them
 * (CORS_ALLOWED_HEADERS in src/cli/store-settings.ts).
 */

type PerFile = Record<string, string> | ((request: Request, file: FileDescriptor) => Record<string, string> | Promise<Record<string, string>>)

export interface ObjectSettingsOptions {
  /** e.g. `private, max-age=31536000, immutable` (keys are unique, so objects never change). */
  cacheControl?: string
  /** `attachment` makes browsers download the object under its original name; `inline` shows it. */
  contentDisposition?: 'inline' | 'attachment'
  /** User metadata (`x-amz-meta-<name>`), e.g. `(request) => ({ 'uploaded-by': userId(request) })`. ASCII only. */
  metadata?: PerFile
  /** Object tags (at most 10), e.g. for lifecycle rules. */
  tags?: PerFile
  /**
   * Sign `If-None-Match: *` into PutObject and CompleteMultipartUpload, so the store refuses to
   * overwrite an existing key (a URL replayed within its life). Only for stores with conditional
   * writes (AWS S3 since 2024; check yours with `npx react-presigned-s3 doctor`). Ceph RGW 16
   * honours it on PutObject only (docs/providers.md). A 412 on a resent PUT (its first answer
   * lost) is settled by confirmUpload in the browser library. Default `false`.
   */
  preventOverwrite?: boolean
}

export interface SignedObjectSettings {
  cacheControl?: string
  contentDisposition?: string
  metadata?: Record<string, string>
  tagging?: string
}

const TOKEN = /^[a-z0-9][a-z0-9_-]{0,127}$/
const PRINTABLE = /^[\x20-\x7e]*$/
/** S3's limit on a PUT's user metadata, names and values together. */
const MAX_METADATA_BYTES = 2048

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** RFC 6266: an ASCII `filename` for old clients, and the exact name as UTF-8 in `filename*`. */
export function contentDispositionFor(kind: 'inline' | 'attachment', fileName: string): string {
  // Accents dropped (é → e), anything else outside printable ASCII, and quotes, become '_'.
  const fallback = fileName.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`
}

function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  let bytes = 0
  for (const [name, value] of Object.entries(metadata)) {
    // A host-app bug, answered 500: the store would refuse or mangle these.
    if (!TOKEN.test(name)) throw new TypeError(`metadata name ${JSON.stringify(name)} must be lower-case letters, digits, "-" or "_"`)
    if (typeof value !== 'string' || !PRINTABLE.test(value)) throw new TypeError(`metadata ${name} must be printable ASCII`)
    bytes += name.length + value.length
  }
  if (bytes > MAX_METADATA_BYTES) throw new TypeError(`metadata is over S3's ${MAX_METADATA_BYTES} bytes`)
  return metadata
}

function tagging(tags: Record<string, string>): string {
  const entries = Object.entries(tags)
  if (entries.length > 10) throw new TypeError('S3 allows at most 10 tags per object')
  return entries.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')
}

async function resolvePerFile(value: PerFile | undefined, request: Request, file: FileDescriptor) {
  return typeof value === 'function' ? value(request, file) : value
}

/** What to sign into a new object's PutObject or CreateMultipartUpload, from the route's options. */
export async function objectSettingsFor(
  request: Request,
  file: FileDescriptor,
  fileName: string,
  { objectSettings: settings }: ResolvedOptions,
): Promise<SignedObjectSettings> {
  if (settings === undefined) return {}
  const metadata = await resolvePerFile(settings.metadata, request, file)
  const tags = await resolvePerFile(settings.tags, request, file)
  return {
    ...(settings.cacheControl !== undefined && { cacheControl: settings.cacheControl }),
    ...(settings.contentDisposition !== undefined && { contentDisposition: contentDispositionFor(settings.contentDisposition, fileName) }),
    ...(metadata !== undefined && Object.keys(metadata).length > 0 && { metadata: checkMetadata(metadata) }),
    ...(tags !== undefined && Object.keys(tags).length > 0 && { tagging: tagging(tags) }),
  }
}

/** The sanitised file name, the last segment of a key the server made. */
export function keyFileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1)
}

/** `*` when the route asks the store not to overwrite (see `preventOverwrite`). */
export function ifNoneMatchFor({ objectSettings }: ResolvedOptions): { ifNoneMatch?: string } {
  return objectSettings?.preventOverwrite === true ? { ifNoneMatch: '*' } : {}
}

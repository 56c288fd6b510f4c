import { isKeyUnderPrefix, normalizeKeyPrefix } from './object-key.js'
import type { PresignIntent, ResolvedOptions } from './options.js'
import { PresignErrorCode, PresignRejection } from './presign-error.js'

/**
 * Runs the host's `authorize` and settles the caller's key prefix. Throws a
 * PresignRejection for a refusal and a TypeError for a host-app bug (answered 500).
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function refusal(verdict: Record<string, unknown>): PresignRejection {
  const message = typeof verdict.message === 'string' && verdict.message !== '' ? verdict.message : undefined
  if (verdict.status === 401) {
    return new PresignRejection(PresignErrorCode.UNAUTHORIZED, message ?? 'Sign in to upload files')
  }
  return new PresignRejection(PresignErrorCode.FORBIDDEN, message ?? 'You are not allowed to do this')
}

/** Returns the prefix `authorize` granted, if any. Anything but an explicit allow refuses. */
function interpretVerdict(verdict: unknown): { keyPrefix?: unknown } {
  if (verdict === true) return {}
  if (verdict === false) throw refusal({})
  if (isRecord(verdict) && verdict.allow === true) return { keyPrefix: verdict.keyPrefix }
  if (isRecord(verdict) && verdict.allow === false) throw refusal(verdict)
  // Fails closed, but loudly: a 403 here would hide the bug from the host app.
  throw new TypeError(`authorize must return true, false or { allow }, got ${typeof verdict}`)
}

async function resolvePrefix(
  request: Request,
  intent: PresignIntent,
  options: ResolvedOptions,
  granted: unknown,
): Promise<string> {
  const { allowWholeBucket } = options
  if (granted !== undefined) return normalizeKeyPrefix(granted, 'The keyPrefix returned by authorize', allowWholeBucket)
  if (typeof options.keyPrefix === 'string') return options.keyPrefix
  return normalizeKeyPrefix(await options.keyPrefix(request, intent), 'The keyPrefix function result', allowWholeBucket)
}

/** Returns the caller's normalised key prefix once the request is allowed. */
export async function authorizeIntent(request: Request, intent: PresignIntent, options: ResolvedOptions): Promise<string> {
  const { keyPrefix: granted } = interpretVerdict(await options.authorize(request, intent))
  const prefix = await resolvePrefix(request, intent, options, granted)
  // Multipart calls name an existing key: it must be one this caller could have been given.
  if ('key' in intent && !isKeyUnderPrefix(intent.key, prefix)) {
    throw new PresignRejection(PresignErrorCode.KEY_OUTSIDE_PREFIX, 'This upload is outside the folder you may use')
  }
  return prefix
}

import type { ErrorReply } from '../protocol/messages.js'
import { rememberResponseText } from './known-bodies.js'
import type { PresignRejection } from './presign-error.js'

const BASE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  // Replies hold signed URLs, which are bearer credentials until they expire:
  // no browser, CDN or proxy may keep a copy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
}

export function jsonResponse(
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body)
  return rememberResponseText(new Response(text, { status, headers: { ...BASE_HEADERS, ...extraHeaders } }), text)
}

export function errorResponse(rejection: PresignRejection): Response {
  const body: ErrorReply = { error: { code: rejection.code, message: rejection.message } }
  // RFC 9110: a 405 must say which methods are allowed.
  const extra: Record<string, string> = rejection.status === 405 ? { allow: 'POST' } : {}
  return jsonResponse(rejection.status, body, extra)
}

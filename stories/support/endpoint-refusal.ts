import { http, HttpResponse } from 'msw'
import { presignErrorStatus, type PresignErrorCode } from '../../src/protocol/error-codes.js'
import type { PresignRequest } from '../../src/protocol/messages.js'

/**
 * An MSW handler put before `createMockStorage`'s: it answers the signing requests `matches`
 * picks with the refusal the real handler would send (code, its status, message), and lets every
 * other request fall through to the mock. Stories that use it set `signingWindowMs: 0`, so each
 * operation is a request of its own (a batch falls through whole).
 */
export function refuseOperations(
  endpoint: string,
  matches: (request: PresignRequest) => boolean,
  refusal: { code: PresignErrorCode; message: string },
) {
  return http.post(endpoint, async ({ request }) => {
    const body = (await request.clone().json()) as PresignRequest
    if (!matches(body)) return undefined
    return HttpResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: presignErrorStatus[refusal.code] })
  })
}

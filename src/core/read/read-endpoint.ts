import type { Clock } from '../clock.js'
import type { EndpointOptions, EndpointReply } from '../endpoint/endpoint-client.js'
import { validateObjectsReply } from '../endpoint/objects-reply-check.js'
import { postJson } from '../endpoint/post-json.js'
import { ENDPOINT_TIMEOUT_MS, timeoutSignal, toUnreachable } from '../endpoint/timeout.js'
import type { GetObjectsReply, GetObjectsRequest } from '../../protocol/messages.js'
import { GetObjectsErrorCode } from '../../protocol/get-objects-error-codes.js'

/**
 * The read side's lean path to the endpoint: one `getObjects` POST through the
 * signing pipeline's own pieces (the POST, the timeout, the reply check), without
 * the batch wrapper and the reply checks of the upload operations. The batcher
 * already gathers a page's keys into one request, and those bytes were most of
 * what `<SignedImage>` alone cost an app (bench/bundle-size.mjs).
 */
export async function postGetObjects(
  endpoint: () => EndpointOptions,
  request: GetObjectsRequest,
  clock: Clock,
): Promise<EndpointReply<GetObjectsReply>> {
  const timeout = timeoutSignal(clock, ENDPOINT_TIMEOUT_MS)
  try {
    const { reply, serverDate } = await postJson(endpoint, request, GetObjectsErrorCode, timeout.signal)
    return { reply: validateObjectsReply(reply), serverDate }
  } catch (error) {
    throw toUnreachable(error)
  } finally {
    timeout.clear()
  }
}

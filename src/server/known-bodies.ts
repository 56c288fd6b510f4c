/**
 * Lets the Node adapter skip re-reading bodies it already holds as bytes.
 *
 * The adapter reads a Node request into memory, then must hand the handler a
 * Fetch `Request`; reading that Request's body back through a web stream costs
 * more CPU than signing a URL. So the adapter records the bytes beside the
 * Request it built, and the handler uses them when the Request is that very
 * object (a wrapper that builds a new Request gets the normal stream path).
 * Likewise for the JSON text of the handler's own Responses. WeakMaps: an
 * entry lives exactly as long as its Request or Response.
 */

const requestBodies = new WeakMap<Request, Uint8Array>()
const responseTexts = new WeakMap<Response, string>()

export function rememberRequestBody(request: Request, bytes: Uint8Array): void {
  requestBodies.set(request, bytes)
}

/** The bytes the Request was built from, once; `undefined` if unknown or already taken. */
export function takeRequestBody(request: Request): Uint8Array | undefined {
  const bytes = requestBodies.get(request)
  requestBodies.delete(request)
  return bytes
}

export function rememberResponseText(response: Response, text: string): Response {
  responseTexts.set(response, text)
  return response
}

/** The body text the Response was built from, if it was built by jsonResponse and not read since. */
export function knownResponseText(response: Response): string | undefined {
  return response.bodyUsed ? undefined : responseTexts.get(response)
}

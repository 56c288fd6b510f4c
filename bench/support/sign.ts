// The signing calls both hand-written contenders make (the raw fetch loop and
// stock Uppy's signRequest): one POST per operation to our endpoint.

export interface SignTarget {
  endpoint: string
  headers: Record<string, string>
}

export async function sign(target: SignTarget, body: object): Promise<any> {
  const response = await fetch(target.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`sign ${response.status}: ${await response.text()}`)
  return response.json()
}

/** How every contender cuts files: the same numbers for all, so the same work is timed. */
export interface Layout {
  /** Files (or parts of one big file) in flight. */
  concurrency: number
  /** Files larger than this go up in parts. */
  threshold: number
  partSize: number
}

// BENCH_DEBUG's counts of what a contender asked the browser for (`?counters=1`): signing
// POSTs and their batch sizes, worker messages each way (and Blobs posted), PUTs, and how
// many PUTs were in flight on average from the first to the last (a slot left idle while
// the next file waits for its hash or URL shows as fewer than the concurrency), and the main
// thread's time inside postMessage to workers and inside each PUT's send.
// Wraps the page's fetch, XMLHttpRequest and Worker before the contender loads.

export interface Counters {
  signPosts: number
  /** Items per signing POST ("1" for a lone request), how many POSTs had that many. */
  batchSizes: Record<string, number>
  /** putObject items per signing POST that had any (a file signing for itself shows as a small one). */
  putsPerPost: Record<string, number>
  /** putObject items signed with a digest / without. */
  putSigns: { withDigest: number; without: number }
  workerSends: number
  /** Main-thread ms inside worker.postMessage, and inside XMLHttpRequest.send for PUTs. */
  postMs: number
  putSendMs: number
  blobsPosted: number
  workerReplies: number
  puts: number
  /** Mean PUTs in flight between the first PUT's start and the last one's end. */
  meanPutsInFlight: number
  firstPutMs: number
}

export function startCounters(startedAt: () => number): () => Counters {
  const counters: Counters = {
    signPosts: 0, batchSizes: {}, putsPerPost: {}, putSigns: { withDigest: 0, without: 0 },
    workerSends: 0, postMs: 0, putSendMs: 0, blobsPosted: 0, workerReplies: 0, puts: 0, meanPutsInFlight: 0, firstPutMs: 0,
  }
  const countSign = (body: unknown) => {
    if (typeof body !== 'string') return
    const request = JSON.parse(body) as { operation: string; requests?: Array<{ operation: string; file?: { md5?: string; sha256?: string } }> }
    const items = request.operation === 'batch' ? request.requests! : [request as (typeof request.requests & object)[number]]
    counters.signPosts += 1
    counters.batchSizes[items.length] = (counters.batchSizes[items.length] ?? 0) + 1
    const puts = items.filter((item) => item.operation === 'putObject').length
    if (puts > 0) counters.putsPerPost[puts] = (counters.putsPerPost[puts] ?? 0) + 1
    for (const item of items) {
      if (item.operation !== 'putObject') continue
      if (item.file?.md5 || item.file?.sha256) counters.putSigns.withDigest += 1
      else counters.putSigns.without += 1
    }
  }
  // PUTs in flight, integrated over time.
  let inFlight = 0
  let lastChange = 0
  let area = 0
  let firstPut = 0
  let lastEnd = 0
  const step = (delta: number) => {
    const now = performance.now()
    if (inFlight > 0) area += inFlight * (now - lastChange)
    lastChange = now
    inFlight += delta
    if (delta < 0) lastEnd = now
  }
  const realFetch = window.fetch
  window.fetch = (input, init) => {
    if (init?.method === 'POST' && String(input).includes('/api/s3')) countSign(init.body)
    if (init?.method !== 'PUT') return realFetch(input, init)
    counters.puts += 1
    if (firstPut === 0) firstPut = performance.now()
    step(1)
    const at = performance.now()
    const response = realFetch(input, init)
    counters.putSendMs += performance.now() - at
    return response.finally(() => step(-1))
  }
  const open = XMLHttpRequest.prototype.open
  const send = XMLHttpRequest.prototype.send
  const isPut = new WeakSet<XMLHttpRequest>()
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, ...rest: unknown[]) {
    if (method === 'PUT') isPut.add(this)
    return (open as (...args: unknown[]) => void).call(this, method, ...rest)
  } as typeof open
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    if (isPut.has(this)) {
      counters.puts += 1
      if (firstPut === 0) firstPut = performance.now()
      step(1)
      this.addEventListener('loadend', () => step(-1), { once: true })
      const at = performance.now()
      send.call(this, body)
      counters.putSendMs += performance.now() - at
      return
    }
    return send.call(this, body)
  }
  const RealWorker = window.Worker
  window.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options)
      this.addEventListener('message', () => (counters.workerReplies += 1))
    }

    override postMessage(message: unknown, transfer?: unknown): void {
      counters.workerSends += 1
      counters.blobsPosted += countBlobs(message)
      const at = performance.now()
      super.postMessage(message, transfer as Transferable[])
      counters.postMs += performance.now() - at
    }
  } as typeof Worker
  return () => {
    counters.meanPutsInFlight = lastEnd > firstPut ? area / (lastEnd - firstPut) : 0
    counters.firstPutMs = firstPut - startedAt()
    return counters
  }
}

function countBlobs(value: unknown, depth = 0): number {
  if (value instanceof Blob) return 1
  if (depth > 4 || typeof value !== 'object' || value === null) return 0
  let n = 0
  for (const inner of Object.values(value)) n += countBlobs(inner, depth + 1)
  return n
}

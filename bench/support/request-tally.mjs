// BENCH_REQUESTS=1: what the page asked the signing endpoint, per run: HTTP requests, and how
// many items of each operation they carried (a batch counts once, its items each), so a change
// to batching shows as fewer requests rather than only as CPU seconds. Apart from BENCH_DEBUG:
// reading each body again costs the bench server CPU.

/** Wraps a Fetch-API handler; `take()` returns the tally since the last take and starts a new one. */
export function tallyRequests(handler) {
  let tally = fresh()
  const wrapped = async (request) => {
    const body = await request.clone().json().catch(() => undefined)
    const items = body?.operation === 'batch' && Array.isArray(body.requests) ? body.requests : [body]
    tally.requests++
    const operations = new Set(items.map((item) => item?.operation ?? '?'))
    for (const operation of operations) {
      const n = items.filter((item) => (item?.operation ?? '?') === operation).length
      const entry = (tally.byOperation[operation] ??= { items: 0, requests: 0, sizes: new Map() })
      entry.items += n
      entry.requests++
      entry.sizes.set(n, (entry.sizes.get(n) ?? 0) + 1)
    }
    if (operations.size > 1) tally.mixed++
    return handler(request)
  }
  return {
    handler: wrapped,
    take() {
      const taken = tally
      tally = fresh()
      return taken
    },
  }
}

function fresh() {
  return { requests: 0, mixed: 0, byOperation: {} }
}

/** One line: `412 requests (37 mixed); confirmUpload 1000 items in 180 requests (sizes 1×40 2×60 …)`. */
export function describeTally({ requests, mixed, byOperation }) {
  const parts = Object.entries(byOperation).map(([operation, { items, requests: carried, sizes }]) => {
    const histogram = [...sizes].sort((a, b) => a[0] - b[0]).map(([size, count]) => `${size}×${count}`).join(' ')
    return `${operation} ${items} items in ${carried} requests (size×count: ${histogram})`
  })
  return `${requests} endpoint requests (${mixed} mixed); ${parts.join('; ')}`
}

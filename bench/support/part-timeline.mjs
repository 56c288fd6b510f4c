// A timeline of one multipart upload's parts, recorded inside the page without
// touching the library: an init script wraps `Worker` (hash sent to a worker,
// its answer), `fetch` (signParts requests to the endpoint) and
// XMLHttpRequest (each part's PUT). Hash answers are tied to parts through
// the MD5s the signParts requests carry. `summarize` says where parts wait.

/** Runs in the page before its own scripts (page.addInitScript). */
function recordTimeline() {
  const events = []
  window.partTimeline = events
  const now = () => performance.now()
  const NativeWorker = window.Worker
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (event) => {
        if (event.data?.kind) events.push({ t: now(), kind: `hash-${event.data.kind}`, id: event.data.id, md5: event.data.md5 })
      })
    }
    postMessage(message, ...rest) {
      if (message?.kind === 'hash') events.push({ t: now(), kind: 'hash-sent', id: message.id })
      return super.postMessage(message, ...rest)
    }
  }
  const nativeFetch = window.fetch
  const signedParts = (request) => (request.operation === 'batch' ? request.requests.flatMap(signedParts)
    : request.operation === 'signParts' ? request.partNumbers.map((n, i) => ({ n, md5: request.md5?.[i] })) : [])
  window.fetch = async (input, init) => {
    let parts = []
    try {
      if (typeof init?.body === 'string') parts = signedParts(JSON.parse(init.body))
    } catch {}
    const sent = now()
    let operations = []
    try {
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
      operations = body?.operation === 'batch' ? body.requests.map((r) => r.operation) : body ? [body.operation] : []
    } catch {}
    const response = await nativeFetch(input, init)
    if (operations.length) void response.clone().text().then(() => events.push({ t: now(), kind: 'endpoint', sent, operations }))
    if (parts.length) void response.clone().text().then(() => events.push({ t: now(), kind: 'sign', sent, parts }))
    return response
  }
  const { open, send } = XMLHttpRequest.prototype
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.benchPart = method === 'PUT' ? Number(new URL(url, location.href).searchParams.get('partNumber')) || undefined : undefined
    return open.call(this, method, url, ...rest)
  }
  XMLHttpRequest.prototype.send = function (body) {
    const part = this.benchPart
    if (part) {
      events.push({ t: now(), kind: 'put-start', part })
      this.addEventListener('loadend', () => events.push({ t: now(), kind: 'put-end', part }))
    } else {
      const sent = now()
      this.addEventListener('loadend', () => events.push({ t: now(), kind: 'store', sent }))
    }
    return send.call(this, body)
  }
}

export async function startPartTimeline(page) {
  await page.addInitScript(recordTimeline)
  return { read: () => page.evaluate(() => window.partTimeline ?? []) }
}

const avg = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN)

/** Per part: hash sent/done, URL asked/arrived, PUT start/end (ms after `startedAt`); and averages over the upload. */
export function summarize(events, startedAt, endedAt, slots) {
  const hashSent = new Map(events.filter((e) => e.kind === 'hash-sent').map((e) => [e.id, e.t]))
  // Parts of equal bytes have equal MD5s: each answer goes to the first part signed with it that has none yet.
  const hashDone = new Map()
  for (const e of events) if (e.kind === 'hash-done') hashDone.set(e.md5, [...(hashDone.get(e.md5) ?? []), e])
  const parts = new Map()
  const part = (n) => parts.get(n) ?? parts.set(n, { n }).get(n)
  for (const e of events) {
    if (e.kind === 'sign') {
      for (const { n, md5 } of e.parts) {
        const p = part(n)
        if (p.signSent !== undefined) continue
        p.signSent = e.sent
        p.signDone = e.t
        const done = md5 && hashDone.get(md5)?.shift()
        if (done) Object.assign(p, { hashSent: hashSent.get(done.id), hashDone: done.t, hashMs: done.t - hashSent.get(done.id) })
      }
    } else if (e.kind === 'put-start') part(e.part).putStart ??= e.t
    else if (e.kind === 'put-end') part(e.part).putEnd = e.t
  }
  const list = [...parts.values()].sort((a, b) => a.n - b.n)
  const total = endedAt - startedAt
  const busy = list.reduce((sum, p) => sum + ((p.putEnd ?? endedAt) - (p.putStart ?? endedAt)), 0)
  const hashing = list.reduce((sum, p) => sum + (p.hashMs ?? 0), 0)
  // Part k (after the first `slots`) gets the k-th slot that frees: how long it then waited, and for what.
  const ends = list.map((p) => p.putEnd).filter(Number.isFinite).sort((a, b) => a - b)
  const late = list.slice(slots).map((p, i) => {
    const free = ends[i] ?? p.putStart
    const hashed = p.hashDone ?? free
    return { wait: Math.max(0, p.putStart - free), hash: Math.max(0, hashed - free), url: Math.max(0, p.signDone - Math.max(free, hashed)) }
  })
  const first = (kind) => events.find((e) => e.kind === kind)
  const rel0 = (t) => (t - startedAt).toFixed(0)
  const startup = [first('endpoint'), first('store'), first('hash-sent')].every(Boolean)
    ? `first endpoint call ${first('endpoint').operations.join('+')} ${rel0(first('endpoint').sent)}→${rel0(first('endpoint').t)}, ` +
      `first store call (create) ${rel0(first('store').sent)}→${rel0(first('store').t)}, first hash sent ${rel0(first('hash-sent').t)}`
    : ''
  const rel = (t) => (Number.isFinite(t) ? (t - startedAt).toFixed(0).padStart(5) : '    -')
  return {
    startup,
    table: list.map((p) => `      part ${String(p.n).padStart(3)}: hash ${rel(p.hashSent)}→${rel(p.hashDone)}  url ${rel(p.signSent)}→${rel(p.signDone)}  put ${rel(p.putStart)}→${rel(p.putEnd)}`),
    slotsBusy: busy / total,
    hashesRunning: hashing / total,
    firstPut: (list[0]?.putStart ?? NaN) - startedAt,
    meanPut: avg(list.map((p) => p.putEnd - p.putStart)),
    waitAfterFree: avg(late.map((l) => l.wait)),
    waitForHash: avg(late.map((l) => l.hash)),
    waitForUrl: avg(late.map((l) => l.url)),
    meanHash: avg(list.map((p) => p.hashMs).filter(Number.isFinite)),
    hashedAheadMs: avg(list.map((p) => p.putStart - p.hashDone)),
  }
}

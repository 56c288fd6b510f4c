// Signing requests and broken images for a page of 300 private images over 10
// simulated minutes of 60-second URLs: the library's signed-URL cache (what
// <SignedImage> and useSignedUrl run on) against a naive component that signs on
// mount and again whenever its URL has died. Both talk to the real signing handler
// (dist/server.js) through a counting fetch; time is simulated, so the run takes
// seconds. Figures are printed, never asserted.
//
// "Store GETs": what the browser downloads for pictures that stay on screen. A
// <SignedImage> keeps the picture it decoded (one GET per image); a component
// that put each fresh URL on screen would download the picture once per URL.
//
// "Outage": the endpoint answers 503 for 10 s in the middle of the run; counted
// are images whose URL the cache gave up on (`error`) and how long after the
// outage every key had a fresh URL again.
//
// "Broken image": once a second, every image is checked as if the browser had to
// (re)load it just then (scrolled back into view, evicted from cache, re-rendered);
// an image whose URL is missing or already expired at that moment counts once.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const { SignedUrlCache } = await import(path.join(dist, 'core.js'))
const { createPresignHandler, createS3Client } = await import(path.join(dist, 'server.js'))

const IMAGES = 300
const URL_SECONDS = 60
const MINUTES = 10
const KEYS = Array.from({ length: IMAGES }, (_, index) => `users/42/photo-${index}.jpg`)

/** A clock whose time moves only when the bench says so. */
function simulatedClock() {
  let now = 0
  let nextId = 0
  const timers = new Map()
  return {
    now: () => now,
    setTimeout(callback, ms) {
      nextId += 1
      timers.set(nextId, { at: now + Math.max(0, ms), callback })
      return nextId
    },
    clearTimeout: (id) => timers.delete(id),
    /** Runs due timers in order up to `until`, letting async work settle after each. */
    async advanceTo(until, settle) {
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = due[1].at
        due[1].callback()
        await settle()
      }
      now = until
    },
  }
}

/** The real handler behind a fetch that counts requests and notes when each URL dies (simulated ms). */
function signingServer(clock, outage) {
  const s3 = createS3Client({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  })
  const handler = createPresignHandler({ s3, bucket: 'bench', authorize: () => ({ allow: true, keyPrefix: 'users/42/' }), getObjectExpiresIn: URL_SECONDS })
  const expiry = new Map()
  let requests = 0
  let pending = 0
  const fetch = async (url, init) => {
    requests += 1
    pending += 1
    const signedAt = clock.now()
    try {
      if (outage && signedAt >= outage.from && signedAt < outage.to) return Response.json({ error: { code: 'INTERNAL_ERROR', message: 'down' } }, { status: 503 })
      const response = await handler(new Request(new URL(String(url), 'http://app.test'), init))
      const body = await response.clone().json()
      // The store counts from X-Amz-Date, whole seconds: the URL dies up to 1 s early.
      for (const object of body.objects ?? []) expiry.set(object.url, Math.floor(signedAt / 1000) * 1000 + URL_SECONDS * 1000)
      return response
    } finally {
      pending -= 1
    }
  }
  const settle = async () => {
    do await new Promise((resolve) => setImmediate(resolve))
    while (pending > 0)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { fetch, settle, expiry, requests: () => requests, close: () => s3.destroy() }
}

const never = { isHidden: () => false, subscribe: () => () => {} }

async function run(createPage, outage) {
  const clock = simulatedClock()
  const server = signingServer(clock, outage)
  const page = createPage(clock, server)
  await clock.advanceTo(0, server.settle)
  let broken = 0
  let errors = 0
  let healedAt
  for (let second = 1; second <= MINUTES * 60; second += 1) {
    await clock.advanceTo(second * 1000, server.settle)
    if (outage && second * 1000 >= outage.to && healedAt === undefined && KEYS.every((key) => page.fresh(key))) healedAt = second * 1000
    for (const key of KEYS) {
      if (page.failed(key)) errors += 1
      const url = page.urlOf(key)
      if (url === undefined || clock.now() >= server.expiry.get(url)) {
        broken += 1
        page.onBroken(key)
        await server.settle()
      }
    }
  }
  page.stop()
  server.close()
  return { requests: server.requests(), broken, everyUrl: page.signedUrls(), errors, healedAfter: outage && healedAt !== undefined ? healedAt - outage.to : undefined }
}

/** 300 <SignedImage>s: one page-wide cache, every image subscribed for the whole run. */
function cachedPage(clock, server) {
  const cache = new SignedUrlCache({ endpoint: '/api/s3', fetch: server.fetch, clock, visibility: never })
  // Each fresh URL the cache hands out (the bench signs within a few real seconds, so
  // the URLs themselves may repeat; in a browser each is new, and would be a download).
  let signedUrls = 0
  const stops = KEYS.map((key) => cache.subscribe(key, undefined, () => {
    if (cache.getSnapshot(key).status === 'loaded' && !cache.getSnapshot(key).stale) signedUrls += 1
  }))
  return {
    urlOf: (key) => cache.getSnapshot(key).url,
    signedUrls: () => signedUrls,
    failed: (key) => cache.getSnapshot(key).status === 'error',
    fresh: (key) => cache.getSnapshot(key).status === 'loaded' && !cache.getSnapshot(key).stale,
    // <SignedImage> re-signs once on a load error; with this cache it never gets here.
    onBroken: (key) => void cache.refresh(key),
    stop: () => stops.forEach((stop) => stop()),
  }
}

/** 300 naive images: each signs its own key on mount, and again after its URL failed. */
function naivePage(clock, server) {
  const urls = new Map()
  const sign = async (key) => {
    const response = await server.fetch('/api/s3', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'getObjects', keys: [key] }),
    })
    urls.set(key, (await response.json()).objects[0].url)
  }
  for (const key of KEYS) clock.setTimeout(() => void sign(key), 0)
  return {
    urlOf: (key) => urls.get(key),
    signedUrls: () => 0,
    failed: () => false,
    fresh: () => true,
    onBroken: (key) => void sign(key),
    stop: () => {},
  }
}

const cached = await run(cachedPage)
const naive = await run(naivePage)
const OUTAGE = { from: 3 * 60_000 + 500, to: 3 * 60_000 + 10_500 }
const outage = await run(cachedPage, OUTAGE)
console.log(`SignedImage requests: ${IMAGES} images, ${URL_SECONDS} s URLs, ${MINUTES} simulated minutes (real handler, counting fetch)`)
console.log(`  SignedImage (page cache)   ${String(cached.requests).padStart(5)} signing requests, ${cached.broken} broken images — goal ≤ 12 and 0`)
console.log(`  naive (sign per mount)     ${String(naive.requests).padStart(5)} signing requests, ${naive.broken} broken images`)
console.log(`  store GETs, pictures on screen: SignedImage ${IMAGES} (each keeps the picture it decoded); swapping every fresh URL in would be ${cached.everyUrl}`)
console.log(`  10 s endpoint outage at 3 min: ${outage.errors} image-seconds in error, ${outage.broken} broken; every key fresh again ${outage.healedAfter === undefined ? 'never' : `${outage.healedAfter / 1000} s`} after it ended`)

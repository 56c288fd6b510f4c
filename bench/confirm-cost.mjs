// What one confirmUpload costs the signing server, in CPU, against a real Ceph RGW: the
// handler answering batched confirms with its direct HeadObject (src/server/direct-head.ts,
// a plain client) and with HeadObject through `s3.send` (the same client with `send` wrapped,
// which is what sends it there), and `s3.send(new HeadObjectCommand)` alone. Each is run over
// every key CONFIRM_BATCH at a time (the batching endpoint client gathers confirms so), the
// rounds alternating. Prints figures; asserts nothing.
//
//   CONFIRM_FILES=1000 CONFIRM_BATCH=8 CONFIRM_ROUNDS=3 node bench/confirm-cost.mjs
//   CONFIRM_PROFILE=out.cpuprofile   also a CPU profile of the handler rounds (both kinds)
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { loadavg } from 'node:os'
import { startRgw } from '../tools/rgw/rgw.mjs'
import { loadServerModule } from './support/widget-server.mjs'

const FILES = Number(process.env.CONFIRM_FILES ?? 1000)
const BATCH = Number(process.env.CONFIRM_BATCH ?? 8)
const ROUNDS = Number(process.env.CONFIRM_ROUNDS ?? 3)

const rgw = await startRgw()
const { server, close } = await loadServerModule()
const { HeadObjectCommand, PutObjectCommand } = await import('@aws-sdk/client-s3')
const makeClient = () => server.createS3Client({ endpoint: rgw.endpoint, region: rgw.region, forcePathStyle: true,
  credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey } })
const plain = makeClient()
const wrapped = makeClient()
// An own `send`: what a host's mock or wrapper looks like, so the handler keeps to s3.send.
wrapped.send = wrapped.send.bind(wrapped)

const keys = Array.from({ length: FILES }, (_, i) => `uploads/00000000-0000-4000-8000-${String(i).padStart(12, '0')}/f${i}.bin`)
const body = Buffer.alloc(4096, 7)
for (let i = 0; i < keys.length; i += 20) {
  await Promise.all(keys.slice(i, i + 20).map((Key) => plain.send(new PutObjectCommand({ Bucket: rgw.bucket, Key, Body: body }))))
}
const etag = (await plain.send(new HeadObjectCommand({ Bucket: rgw.bucket, Key: keys[0] }))).ETag

const confirmer = (s3) => {
  const handler = server.createPresignHandler({ s3, bucket: rgw.bucket, keyPrefix: 'uploads/', authorize: () => true, requireChecksum: false })
  return async (batch) => {
    const requests = batch.map((key) => ({ operation: 'confirmUpload', key, size: body.length, etag }))
    const response = await handler(new Request('http://bench/api/s3', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'batch', requests }) }))
    const { replies } = await response.json()
    const failed = replies.find((reply) => reply.error)
    if (failed) throw new Error(JSON.stringify(failed))
  }
}
const contenders = {
  'handler, direct HeadObject': confirmer(plain),
  'handler, HeadObject by s3.send': confirmer(wrapped),
  's3.send(HeadObjectCommand) alone': (batch) => Promise.all(batch.map((Key) => plain.send(new HeadObjectCommand({ Bucket: rgw.bucket, Key })))),
}

const session = process.env.CONFIRM_PROFILE ? new Session() : undefined
if (session) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}
const results = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const start = process.cpuUsage()
    const wall = performance.now()
    for (let i = 0; i < keys.length; i += BATCH) await run(keys.slice(i, i + BATCH))
    const cpu = process.cpuUsage(start)
    results[name].push({ cpu: (cpu.user + cpu.system) / 1000 / keys.length, wall: (performance.now() - wall) / keys.length })
  }
}
if (session) await writeFile(process.env.CONFIRM_PROFILE, JSON.stringify((await session.post('Profiler.stop')).profile))

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]
console.log(`${FILES} confirms, ${BATCH} per request, ${ROUNDS} rounds (the first warms up), load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`)
for (const [name, runs] of Object.entries(results)) {
  console.log(`${name.padEnd(34)} ${median(runs.map((r) => r.cpu)).toFixed(3)} ms CPU per confirm (rounds: ${runs.map((r) => r.cpu.toFixed(3)).join(' ')}), ` +
    `${median(runs.map((r) => r.wall)).toFixed(2)} ms wall`)
}

plain.destroy()
wrapped.destroy()
await close()
await rgw.stop()

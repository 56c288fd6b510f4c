// `npm run bench` (after the build): signing throughput over loopback HTTP, the
// library's handler behind its Node adapter side by side with a real Uppy
// Companion (@uppy/companion from npm) in the same run. Each server runs in its
// own process; this process generates the load (keep-alive, 10 connections).
// Prints requests/s and signatures/s, wall clock and per CPU-second of the
// server process (its "one core" figure). Numbers, not a test: nothing asserts.
import { fork } from 'node:child_process'
import { Agent, request } from 'node:http'
import { availableParallelism, loadavg } from 'node:os'

const CONNECTIONS = 10
const WARMUP_SECONDS = 1
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const PART_SIZE = 5 * 1024 * 1024
const UPLOAD_ID = 'bench-upload-id'
// A key as createMultipartUpload makes it (layout and creation time bound in): part URLs sign Content-Length.
const KEY = `uploads/0b7e7a4c-5d0e-4a51-9a3c-2f1de8a0c6b1-s${100 * PART_SIZE}-p${PART_SIZE}-t${Math.floor(Date.now() / 1000)}/bench.bin`

function startServer(kind) {
  const child = fork(new URL('./support/signing-server.mjs', import.meta.url), [kind], { silent: true })
  child.stdout.resume()
  child.stderr.resume()
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)))
    child.once('message', ({ port }) => resolve({ child, port }))
  })
}

function cpuSeconds(child) {
  return new Promise((resolve) => {
    child.once('message', ({ cpu }) => resolve((cpu.user + cpu.system) / 1e6))
    child.send('cpu')
  })
}

function send(agent, port, { method, path, body }) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Keeps CONNECTIONS requests in flight for `seconds`; counts answers that really hold `parts` signed URLs. */
async function hammer(port, spec, parts, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const deadline = performance.now() + seconds * 1000
  let ok = 0
  let bad = 0
  const worker = async () => {
    while (performance.now() < deadline) {
      const { status, text } = await send(agent, port, spec)
      const signatures = text.split('X-Amz-Signature=').length - 1
      if (status === 200 && signatures === parts) ok += 1
      else bad += 1
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker))
  agent.destroy()
  return { ok, bad }
}

const numbers = (count) => Array.from({ length: count }, (_, i) => i + 1)
const specs = {
  react: (parts) => ({
    method: 'POST',
    path: '/api/s3',
    body: JSON.stringify({ operation: 'signParts', key: KEY, uploadId: UPLOAD_ID, partNumbers: numbers(parts) }),
  }),
  companion: (parts) => ({
    method: 'GET',
    path: parts === 1
      ? `/s3/multipart/${UPLOAD_ID}/1?key=${encodeURIComponent(KEY)}`
      : `/s3/multipart/${UPLOAD_ID}/batch?key=${encodeURIComponent(KEY)}&partNumbers=${numbers(parts).join(',')}`,
  }),
}

async function measure(kind, parts) {
  const { child, port } = await startServer(kind)
  try {
    await hammer(port, specs[kind](parts), parts, WARMUP_SECONDS)
    const cpuBefore = await cpuSeconds(child)
    const started = performance.now()
    const { ok, bad } = await hammer(port, specs[kind](parts), parts, SECONDS)
    const wall = (performance.now() - started) / 1000
    const cpu = (await cpuSeconds(child)) - cpuBefore
    return { kind, parts, ok, bad, rps: ok / wall, rpsPerCpu: ok / cpu, cpuShare: cpu / wall }
  } finally {
    child.send('exit')
  }
}

const fmt = (value) => Math.round(value).toLocaleString('en-US').padStart(9)
const names = { react: 'react-presigned-s3', companion: '@uppy/companion' }

console.log(`\nSigning throughput: loopback HTTP, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per case`)
console.log(`(${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)} at start; server and load generator in separate processes)\n`)
console.log('case                              req/s   sig/s │ per server CPU-second: req     sig │ server CPU use')
const results = []
for (const parts of [1, 50]) {
  for (const kind of ['react', 'companion']) {
    const r = await measure(kind, parts)
    results.push(r)
    const label = `${names[kind]}, ${parts} part URL${parts === 1 ? '' : 's'}`.padEnd(30)
    console.log(`${label} ${fmt(r.rps)} ${fmt(r.rps * parts)} │                   ${fmt(r.rpsPerCpu)} ${fmt(r.rpsPerCpu * parts)} │ ${(r.cpuShare * 100).toFixed(0).padStart(4)} %${r.bad ? `  (${r.bad} bad answers!)` : ''}`)
  }
}
const ratio = (parts, field) => {
  const [ours, theirs] = ['react', 'companion'].map((kind) => results.find((r) => r.kind === kind && r.parts === parts)[field])
  return (ours / theirs).toFixed(1)
}
console.log(`\nPer server CPU-second, react-presigned-s3 ÷ Companion: ${ratio(1, 'rpsPerCpu')}× (1 part), ${ratio(50, 'rpsPerCpu')}× (50 parts).`)
console.log('"Per server CPU-second" is what one core sustains when the server has it to itself. The handler keeps')
console.log('no state between requests: run one process per core, or more instances behind any load balancer,')
console.log('and throughput grows with them. Wall-clock figures depend on what else the machine runs.')

// `node bench/server-cold-start.mjs` (after `npm run build`): what the AWS SDK
// costs the server handler where cold starts and script size matter (Workers,
// edge functions, serverless). Two variants of the same Worker, the handler
// created at module level as the README shows:
//   - "with the SDK": react-presigned-s3/server as published, @aws-sdk/* real;
//   - "signer-only": the same dist/server.js with @aws-sdk/* replaced by
//     bench/signer-only/ (static credentials, a hand-written endpoint rule),
//     i.e. what the fast path of fast-presigner.ts needs when the SDK is gone.
// For each: the bundle esbuild makes with wrangler's conditions (workerd,
// worker, browser) and with Node's, its size (minified, gzip), and the cold
// start (import + first request) in fresh Node processes. Plus the package as
// Node users import it, unbundled (signer-only through a resolve hook,
// bench/signer-only/register.mjs). Numbers, not a test: nothing asserts.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { loadMiniflare, workerdColdStart } from './support/workerd-cold-start.mjs'

const bench = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(bench, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 9)

const WORKER = `import { createPresignHandler, createS3Client } from 'react-presigned-s3/server'
const handler = createPresignHandler({
  s3: createS3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' } }),
  bucket: 'bench-uploads',
  keyPrefix: 'uploads/',
  maxFileSize: 50 * 1024 * 1024,
  allowedContentTypes: ['image/*', 'application/pdf'],
  authorize: async () => true,
})
export default { fetch: (request) => handler(request) }
`

const TARGETS = {
  // As wrangler bundles a Worker (test/runtimes/apps/bundle.mjs); node:* left to nodejs_compat.
  worker: { platform: 'browser', conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], external: ['node:*'] },
  // The SDK's CommonJS parts require node:* builtins, which an ESM bundle reaches through createRequire (evanw/esbuild#1921).
  node: {
    platform: 'node',
    conditions: ['node'],
    mainFields: ['module', 'main'],
    external: [],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  },
}

const signerOnly = {
  name: 'signer-only',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/(client-s3|s3-request-presigner)$/ }, (args) => ({
      path: path.join(bench, 'signer-only', `${args.path.slice('@aws-sdk/'.length)}.mjs`),
    }))
  },
}

async function bundle(dir, target, withSdk) {
  const outfile = path.join(dir, `${target}-${withSdk ? 'sdk' : 'signer-only'}.mjs`)
  const options = {
    entryPoints: [path.join(dir, 'worker.mjs')],
    absWorkingDir: dir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning',
    tsconfigRaw: '{}',
    plugins: withSdk ? [] : [signerOnly],
    ...TARGETS[target],
  }
  const plain = await build({ ...options, outfile, metafile: true })
  const minified = await build({ ...options, write: false, minify: true, outfile })
  const packages = new Set(Object.keys(plain.metafile.inputs).map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]).filter(Boolean))
  const code = minified.outputFiles[0].contents
  return { outfile, bytes: code.length, gzip: gzipSync(code).length, packages: packages.size }
}

function coldStarts(file, nodeOptions = []) {
  const runs = []
  for (let run = 0; run < RUNS; run++) {
    const child = spawnSync(process.execPath, [...nodeOptions, path.join(bench, 'support/cold-start-child.mjs'), file], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    })
    if (child.status !== 0) throw new Error(`cold start of ${file} failed:\n${child.stderr}`)
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)))
  }
  const median = (name) => runs.map((run) => run[name]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]
  return {
    importMs: median('importMs'),
    firstRequestMs: median('firstRequestMs'),
    totalMs: median('sinceProcessStartMs'),
    importCpuMs: median('importCpuMs'),
    firstRequestCpuMs: median('firstRequestCpuMs'),
    url: runs[0].url,
  }
}

/** Origin, path without the random key, and the parameter names: what the two variants must agree on. */
function urlShape(url) {
  const parsed = new URL(url)
  return `${parsed.origin}/${parsed.pathname.split('/')[1]}/… ?${[...parsed.searchParams.keys()].sort().join('&')} scope=${parsed.searchParams.get('X-Amz-Credential')?.split('/').slice(2).join('/')}`
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'rps3-cold-'))
try {
  // The package by its name, through its export map, as an app that installed it resolves it.
  mkdirSync(path.join(dir, 'node_modules'))
  symlinkSync(root, path.join(dir, 'node_modules/react-presigned-s3'), 'dir')
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n')
  writeFileSync(path.join(dir, 'worker.mjs'), WORKER)

  const rows = []
  rows.push({ variant: 'Node, unbundled, with the SDK', ...coldStarts(path.join(dir, 'worker.mjs')) })
  rows.push({
    variant: 'Node, unbundled, signer-only',
    ...coldStarts(path.join(dir, 'worker.mjs'), ['--import', path.join(bench, 'signer-only/register.mjs')]),
  })
  for (const target of ['worker', 'node']) {
    for (const withSdk of [true, false]) {
      const size = await bundle(dir, target, withSdk)
      rows.push({ variant: `${target} bundle, ${withSdk ? 'with the SDK' : 'signer-only'}`, ...size, ...coldStarts(size.outfile) })
    }
  }

  const Miniflare = await loadMiniflare(root)
  const workerd = []
  if (Miniflare !== undefined) {
    for (const row of rows.filter((candidate) => candidate.variant.startsWith('worker bundle'))) {
      const script = readFileSync(row.outfile, 'utf8')
      const runs = []
      for (let run = 0; run < RUNS; run++) runs.push(await workerdColdStart(Miniflare, script))
      const median = (name) => runs.map((entry) => entry[name]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]
      workerd.push({ variant: row.variant.replace('worker bundle', 'workerd'), readyMs: median('readyMs'), firstRequestMs: median('firstRequestMs'), url: runs[0].url })
    }
  }

  const kb = (bytes) => (bytes === undefined ? '' : `${(bytes / 1024).toFixed(1)} KB`)
  const ms = (value) => `${value.toFixed(1)} ms`
  console.log(`Server handler cold start and size, median of ${RUNS} fresh Node ${process.version} processes (load average ${os.loadavg()[0].toFixed(1)})`)
  console.table(rows.map((row) => ({
    variant: row.variant,
    'min.': kb(row.bytes),
    'min.+gzip': kb(row.gzip),
    packages: row.packages ?? '',
    import: ms(row.importMs),
    'import CPU': ms(row.importCpuMs),
    'first request': ms(row.firstRequestMs),
    'first request CPU': ms(row.firstRequestCpuMs),
    'since process start': ms(row.totalMs),
  })))
  if (workerd.length === 0) {
    console.log('workerd: not measured (miniflare not found: run the runtimes tests once, or set BENCH_MINIFLARE_DIR)')
  } else {
    console.log(`The Worker bundles in workerd (miniflare, nodejs_compat), median of ${RUNS} fresh workerd processes`)
    console.table(workerd.map((row) => ({ variant: row.variant, 'workerd ready': ms(row.readyMs), 'first request': ms(row.firstRequestMs) })))
  }
  const shapes = new Set([...rows, ...workerd].map((row) => urlShape(row.url)))
  console.log(shapes.size === 1 ? `Every variant signed the same URL shape: ${[...shapes][0]}` : `URL shapes differ:\n${[...shapes].join('\n')}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

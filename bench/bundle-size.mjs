// Gzip size of what a host app ships when it imports one part of the library:
// its own production build of a one-line entry under Vite, webpack and esbuild,
// code splitting on, React external (the app has it anyway), Uppy and our CSS
// included. What loads with the page is counted apart from what loads only when
// used (Uppy and the controller with the first file, the transport with the first
// upload, Companion mode's @uppy/aws-s3). Budgets are printed, not asserted.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { BUNDLERS } from './support/bundlers.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(repoRoot, 'dist')
// What `exports` maps these to; the files sit under our package.json, so its `sideEffects` applies.
const alias = [
  { find: /^react-presigned-s3$/, replacement: path.join(dist, 'index.js') },
  { find: /^react-presigned-s3\/read$/, replacement: path.join(dist, 'read.js') },
  { find: /^react-presigned-s3\/styles\.css$/, replacement: path.join(dist, 'styles.css') },
]

const SCENARIOS = [
  {
    name: 'S3Uploader (JS + CSS)',
    budgetKb: 28,
    code: `import { S3Uploader } from 'react-presigned-s3'\nimport 'react-presigned-s3/styles.css'\nexport default S3Uploader\n`,
  },
  { name: 'SignedImage', budgetKb: 2.5, code: `import { SignedImage } from 'react-presigned-s3'\nexport default SignedImage\n` },
  { name: 'SignedImage from /read', budgetKb: 2.5, code: `import { SignedImage } from 'react-presigned-s3/read'\nexport default SignedImage\n` },
  { name: 'SignedVideo from /read', budgetKb: 2.5, code: `import { SignedVideo } from 'react-presigned-s3/read'\nexport default SignedVideo\n` },
]

function measure(chunks, names) {
  let gzip = 0
  let raw = 0
  let hasUppy = false
  for (const name of names) {
    const text = chunks.get(name) ?? ''
    raw += Buffer.byteLength(text)
    gzip += gzipSync(text, { level: 9 }).length
    hasUppy ||= /Uppy|uppy/.test(text)
  }
  return { raw, gzip, hasUppy }
}

async function run(scenario, bundler) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-size-'))
  try {
    await writeFile(path.join(dir, 'entry.js'), scenario.code)
    const { chunks, initial, lazy } = await BUNDLERS[bundler]({ dir, alias })
    return { ...measure(chunks, initial), lazy: measure(chunks, lazy) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await readFile(path.join(dist, 'index.js'), 'utf8').catch(() => {
  throw new Error('dist/index.js is missing: run `npm run build` first (npm run bench does).')
})

console.log('Bundle size a host app ships (production build with code splitting, minified, gzip -9, React external)')
for (const scenario of SCENARIOS) {
  for (const bundler of Object.keys(BUNDLERS)) {
    const { raw, gzip, hasUppy, lazy } = await run(scenario, bundler)
    const kb = gzip / 1024
    const verdict = kb <= scenario.budgetKb ? 'within' : 'OVER'
    console.log(
      `  ${scenario.name.padEnd(22)} ${bundler.padEnd(8)} ${kb.toFixed(2)} KB gzip (${(raw / 1024).toFixed(1)} KB raw) — budget ${scenario.budgetKb} KB: ${verdict}; Uppy code ${hasUppy ? 'included' : 'absent'}`,
    )
    if (lazy.gzip > 0) console.log(`  ${''.padEnd(31)} + ${(lazy.gzip / 1024).toFixed(2)} KB gzip loaded only when used`)
  }
}

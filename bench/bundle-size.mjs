// Gzip size of what a host app ships when it imports one part of the library:
// its own Vite production build of a one-line entry, React external (the app
// has it anyway), Uppy and our CSS included. Budgets are printed, not asserted.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(repoRoot, 'dist')

const SCENARIOS = [
  {
    name: 'S3Uploader (JS + CSS)',
    budgetKb: 32,
    code: `import { S3Uploader } from 'react-presigned-s3'\nimport 'react-presigned-s3/styles.css'\nexport default S3Uploader\n`,
  },
  {
    name: 'SignedImage',
    budgetKb: 2.5,
    requires: 'SignedImage',
    code: `import { SignedImage } from 'react-presigned-s3'\nexport default SignedImage\n`,
  },
]

async function measure(scenario) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rps3-size-'))
  try {
    await writeFile(path.join(dir, 'entry.js'), scenario.code)
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      root: dir,
      resolve: {
        alias: [
          { find: /^react-presigned-s3$/, replacement: path.join(dist, 'index.js') },
          { find: /^react-presigned-s3\/styles\.css$/, replacement: path.join(dist, 'styles.css') },
        ],
      },
      build: {
        outDir: path.join(dir, 'out'),
        emptyOutDir: true,
        minify: true,
        cssCodeSplit: false,
        lib: { entry: path.join(dir, 'entry.js'), formats: ['es'], fileName: 'bundle' },
        rolldownOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/] },
      },
    })
    const { initial, lazy } = splitChunks([result].flat()[0].output)
    const size = async (names) => {
      let gzip = 0
      let raw = 0
      const contents = []
      for (const name of names) {
        const bytes = await readFile(path.join(dir, 'out', name))
        raw += bytes.length
        gzip += gzipSync(bytes, { level: 9 }).length
        contents.push(bytes.toString('utf8'))
      }
      return { raw, gzip, hasUppy: contents.some((text) => /Uppy|uppy/.test(text)) }
    }
    return { ...(await size(initial)), lazy: await size(lazy) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * What loads with the page (the entry, its static imports, the CSS) apart from
 * what loads only when used (dynamic imports, such as Companion mode's @uppy/aws-s3 and the MD5 worker).
 */
function splitChunks(output) {
  const byName = new Map(output.map((item) => [item.fileName, item]))
  const entry = output.find((item) => item.type === 'chunk' && item.isEntry)
  const initial = new Set()
  const visit = (name) => {
    if (initial.has(name)) return
    initial.add(name)
    for (const imported of byName.get(name)?.imports ?? []) if (byName.has(imported)) visit(imported)
  }
  visit(entry.fileName)
  for (const item of output) if (item.type === 'asset' && item.fileName.endsWith('.css')) initial.add(item.fileName)
  const lazy = output.filter((item) => item.type === 'chunk' && !initial.has(item.fileName)).map((item) => item.fileName)
  return { initial: [...initial], lazy }
}

const index = await readFile(path.join(dist, 'index.js'), 'utf8').catch(() => {
  throw new Error('dist/index.js is missing: run `npm run build` first (npm run bench does).')
})

console.log('Bundle size a host app ships (Vite production build, minified, gzip -9, React external)')
for (const scenario of SCENARIOS) {
  if (scenario.requires && !index.includes(scenario.requires)) {
    console.log(`  ${scenario.name.padEnd(24)} not exported yet`)
    continue
  }
  const { raw, gzip, hasUppy, lazy } = await measure(scenario)
  const kb = gzip / 1024
  const verdict = kb <= scenario.budgetKb ? 'within' : 'OVER'
  console.log(
    `  ${scenario.name.padEnd(24)} ${kb.toFixed(2)} KB gzip (${(raw / 1024).toFixed(1)} KB raw) — budget ${scenario.budgetKb} KB: ${verdict}; Uppy code ${hasUppy ? 'included' : 'absent'}`,
  )
  if (lazy.gzip > 0) console.log(`  ${''.padEnd(24)} + ${(lazy.gzip / 1024).toFixed(2)} KB gzip loaded only when used (Companion mode's @uppy/aws-s3; the MD5 worker and its main-thread fallback)`)
}

// Which source files an import costs, for bundle-size.mjs's figures: esbuild
// bundles `import { NAME } from ENTRY` from src/ (minified, React external, as
// a host app would), then tells each file's share as how much the whole
// shrinks without it, minified and gzipped (gzip shares repeats between files,
// so a file's gzip alone would overstate it).
//   node bench/bundle-attribution.mjs [NAME] [ENTRY]   (default SignedImage src/react/read.ts)
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const [name = 'SignedImage', entry = 'src/react/read.ts'] = process.argv.slice(2)
const gzip = (text) => gzipSync(text, { level: 9 }).length
const minify = (text) => esbuild.transformSync(text, { minify: true, loader: 'js', format: 'esm' }).code

// Unminified whitespace keeps esbuild's `// src/file.ts` markers between files.
const marked = await esbuild.build({
  stdin: { contents: `export { ${name} } from './${entry}'`, resolveDir: repoRoot, loader: 'ts' },
  bundle: true,
  format: 'esm',
  write: false,
  minifySyntax: true,
  minifyIdentifiers: true,
  jsx: 'automatic',
  outdir: path.join(repoRoot, 'node_modules/.cache/bundle-attribution'),
  external: ['react', 'react-dom', 'react/*', '@uppy/*'],
  // What bundlers set for a production build: development-only code drops out.
  define: { 'process.env.NODE_ENV': '"production"' },
})
const text = marked.outputFiles[0].text
const whole = minify(text)
const parts = text.split(/^(?=\/\/ src\/)/m)

const rows = parts.map((part, index) => {
  const file = part.match(/^\/\/ (src\/\S+)/)?.[1] ?? '(imports)'
  const without = minify(parts.filter((_, other) => other !== index).join(''))
  return { file, gzip: gzip(whole) - gzip(without), minified: whole.length - without.length }
})
// A file esbuild splits around another's code appears twice: one row per file.
const byFile = new Map()
for (const row of rows) {
  const seen = byFile.get(row.file) ?? { file: row.file, gzip: 0, minified: 0 }
  byFile.set(row.file, { ...seen, gzip: seen.gzip + row.gzip, minified: seen.minified + row.minified })
}

console.log(`${name} from ${entry}: ${whole.length} B minified, ${gzip(whole)} B gzip (esbuild, no splitting)`)
console.log('  gzip  minified  file  (bytes the whole shrinks by without the file)')
for (const row of [...byFile.values()].sort((a, b) => b.gzip - a.gzip)) {
  console.log(`  ${String(row.gzip).padStart(4)}  ${String(row.minified).padStart(8)}  ${row.file}`)
}

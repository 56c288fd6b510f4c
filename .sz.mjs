import { build } from 'vite'
import { gzipSync } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'
const src = '/work/wt/i15-media/src'
const cases = {
  cache: `import { SignedUrlCache } from '${src}/core/read/signed-url-cache.ts'; export { SignedUrlCache }`,
  signedImage: `import { SignedImage } from '${src}/react/SignedImage.tsx'; export { SignedImage }`,
}
for (const [name, code] of Object.entries(cases)) {
  const dir = `/tmp/sz/${name}`
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}/entry.js`, code)
  for (const minify of [true, false]) {
  const r = await build({ configFile: false, logLevel: 'silent', root: dir, build: { outDir: `${dir}/out${minify}`, emptyOutDir: true, minify, lib: { entry: `${dir}/entry.js`, formats: ['es'], fileName: 'bundle' }, rolldownOptions: { external: [/^react($|\/)/, /^react-dom($|\/)/] } } })
  const out = [r].flat()[0].output.filter((o) => o.type === 'chunk').map((o) => o.code).join('')
  if (minify) console.log(name.padEnd(16), (gzipSync(out, { level: 9 }).length / 1024).toFixed(2), 'KB gzip', (out.length / 1024).toFixed(1), 'KB raw')
  }
}

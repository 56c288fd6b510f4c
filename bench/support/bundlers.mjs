// One host-app build per bundler, each with code splitting on, minified, React
// external, our package resolved as an app resolves it (package.json `exports`
// and `sideEffects`). Each returns the chunks by name with what loads with the
// page (the entry and its static imports) apart from what loads on demand.
import { readFile } from 'node:fs/promises'
import path from 'node:path'

const REACT = /^react($|\/)|^react-dom($|\/)/

/** Follows static imports from the entry; whatever is left is loaded only on demand. */
function splitByReach(chunks, entry, importsOf) {
  const initial = new Set()
  const visit = (name) => {
    if (initial.has(name) || !chunks.has(name)) return
    initial.add(name)
    for (const imported of importsOf(name)) visit(imported)
  }
  visit(entry)
  return { initial: [...initial], lazy: [...chunks.keys()].filter((name) => !initial.has(name)) }
}

export async function buildWithVite({ dir, alias }) {
  const { build } = await import('vite')
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    resolve: { alias },
    build: {
      outDir: path.join(dir, 'vite'),
      emptyOutDir: true,
      minify: true,
      cssCodeSplit: false,
      lib: { entry: path.join(dir, 'entry.js'), formats: ['es'], fileName: 'bundle' },
      rolldownOptions: { external: [REACT] },
    },
  })
  const output = [result].flat()[0].output
  const chunks = new Map(output.map((item) => [item.fileName, item.type === 'chunk' ? item.code : item.source]))
  const byName = new Map(output.map((item) => [item.fileName, item]))
  const entry = output.find((item) => item.type === 'chunk' && item.isEntry).fileName
  const split = splitByReach(chunks, entry, (name) => byName.get(name)?.imports ?? [])
  for (const item of output) if (item.type === 'asset' && item.fileName.endsWith('.css')) split.initial.push(item.fileName)
  return { chunks, ...split }
}

export async function buildWithEsbuild({ dir, alias }) {
  const esbuild = await import('esbuild')
  const outdir = path.join(dir, 'esbuild')
  const result = await esbuild.build({
    entryPoints: [path.join(dir, 'entry.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    outdir,
    metafile: true,
    write: true,
    logLevel: 'silent',
    external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
    alias: Object.fromEntries(alias.map(({ find, replacement }) => [find.source.replace(/^\^|\\|\$$/g, ''), replacement])),
    loader: { '.css': 'css' },
  })
  const outputs = result.metafile.outputs
  const chunks = new Map()
  for (const file of Object.keys(outputs)) chunks.set(path.basename(file), await readFile(path.resolve(file), 'utf8'))
  // Dynamically imported modules are entry points too: the app's is the one built from entry.js.
  const entryFile = Object.keys(outputs).find((file) => outputs[file].entryPoint?.endsWith('entry.js'))
  const imports = (name) => {
    const file = Object.keys(outputs).find((candidate) => path.basename(candidate) === name)
    return (outputs[file]?.imports ?? []).filter((item) => item.kind === 'import-statement').map((item) => path.basename(item.path))
  }
  const split = splitByReach(chunks, path.basename(entryFile), imports)
  for (const name of chunks.keys()) if (name.endsWith('.css') && !split.initial.includes(name)) split.initial.push(name)
  return { chunks, ...split }
}

export async function buildWithWebpack({ dir, alias }) {
  const { default: webpack } = await import('webpack')
  const outdir = path.join(dir, 'webpack')
  const config = {
    mode: 'production',
    context: dir,
    entry: { main: path.join(dir, 'entry.js') },
    output: { path: outdir, filename: '[name].js', chunkFilename: '[name].[contenthash].js', module: true, library: { type: 'module' } },
    experiments: { outputModule: true },
    externalsType: 'module',
    externals: ({ request }, callback) => (REACT.test(request ?? '') ? callback(null, request) : callback()),
    resolve: { alias: Object.fromEntries(alias.map(({ find, replacement }) => [find.source.replace(/^\^|\\|\$$/g, '') + '$', replacement])) },
    // CSS is measured by the other two; webpack needs a loader for it, which a host app picks itself.
    module: { rules: [{ test: /\.css$/, type: 'asset/source' }] },
    optimization: { splitChunks: { chunks: 'all' } },
    devtool: false,
    performance: { hints: false },
  }
  const stats = await new Promise((resolve, reject) => {
    webpack(config, (error, result) => (error ? reject(error) : result.hasErrors() ? reject(new Error(result.toString('errors-only'))) : resolve(result)))
  })
  const json = stats.toJson({ all: false, chunks: true, chunkRelations: true, entrypoints: true })
  const chunks = new Map()
  for (const chunk of json.chunks) for (const file of chunk.files) chunks.set(file, await readFile(path.join(outdir, file), 'utf8'))
  const initial = json.entrypoints.main.assets.map((asset) => asset.name)
  return { chunks, initial, lazy: [...chunks.keys()].filter((name) => !initial.includes(name)) }
}

export const BUNDLERS = { Vite: buildWithVite, webpack: buildWithWebpack, esbuild: buildWithEsbuild }

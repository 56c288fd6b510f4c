// The page bench/widget.mjs drives, one contender per load:
//   ?contender=widget  the real <S3Uploader> (its own file input),
//   ?contender=raw     a plain file input feeding the hand-written fetch loop,
//   ?contender=rawmd5  the same loop hashing each body first, its Content-MD5 signed in (integrity on, like the widget),
//   ?contender=stock   a plain file input feeding stock Uppy 6.
// The widget also takes ?options=<JSON of extra props> (bench/widget-memory.mjs turns features off one by one).
// Each takes ?threshold=&partSize=&concurrency= (bytes, count) so every contender cuts files alike.
// Only the chosen contender's code is loaded.
import './record.js'
import type { Layout } from '../support/sign.js'

const query = new URLSearchParams(location.search)
const layout: Layout = {
  concurrency: Number(query.get('concurrency') ?? 6),
  threshold: Number(query.get('threshold') ?? 100 * 1024 * 1024),
  partSize: Number(query.get('partSize') ?? 8 * 1024 * 1024),
}
const target = { endpoint: '/api/s3', headers: { authorization: 'Bearer bench' } }
const root = document.getElementById('root')!

const contenders = {
  widget: async () => (await import('./widget.js')).mountWidget(root, target, layout, JSON.parse(query.get('options') ?? '{}')),
  raw: async () => (await import('./plain-input.js')).mountPlainInput(root, (files) => import('../support/raw-loop.js').then((m) => m.rawUpload(target, files, layout))),
  rawmd5: async () => (await import('./plain-input.js')).mountPlainInput(root, (files) => import('../support/raw-loop.js').then((m) => m.rawUpload(target, files, layout, { md5: true }))),
  stock: async () => (await import('./plain-input.js')).mountPlainInput(root, (files) => import('../support/stock-uppy.js').then((m) => m.stockUpload(target, files, layout))),
} satisfies Record<string, () => Promise<void>>

const name = query.get('contender') ?? 'widget'
if (!(name in contenders)) throw new Error(`unknown contender ${name}`)
void contenders[name as keyof typeof contenders]().then(() => {
  window.widgetBench.ready = true
})

// Vercel's edge runtime (the `edge-runtime` emulator), the function bundled with Next's edge conditions.
import { EdgeRuntime, runServer } from 'edge-runtime'
import { announce } from './announce.mjs'
import { bundle } from './bundle.mjs'

const runtime = new EdgeRuntime({ initialCode: await bundle('./edge.mjs', 'next-edge') })
const server = await runServer({ runtime, host: '127.0.0.1', port: 0 })
announce(Number(new URL(server.url).port), () => server.close().finally(() => process.exit(0)))

// How every test server tells the test where it listens, and how it ends by
// itself: one JSON line `{"port":N}` on stdout; exit when the test closes our
// stdin (or dies), or after LIFETIME_MS at the latest.
import process from 'node:process'

const LIFETIME_MS = 240_000

export function announce(port, stop = () => process.exit(0)) {
  process.stdout.write(`${JSON.stringify({ port })}\n`)
  process.stdin.on('end', stop)
  process.stdin.on('error', stop)
  process.stdin.resume()
  setTimeout(stop, LIFETIME_MS).unref?.()
}

// `npm run bench`: builds the library, then runs every benchmark in turn.
// Each prints its own figures; none fails on a budget (numbers are not tests).
import { spawnSync } from 'node:child_process'

const steps = [
  ['npm', ['run', 'build']],
  ['node', ['bench/bundle-size.mjs']],
  ['node', ['bench/signed-image-requests.mjs']],
  ['node', ['bench/react-commits.mjs']],
  ['node', ['bench/signing-throughput.mjs']],
  ['node', ['bench/server-cold-start.mjs']],
  ['node', ['bench/hash-candidates.mjs']],
  ['node', ['bench/transport.mjs']],
  ['node', ['bench/widget.mjs']],
]
for (const [command, args] of steps) {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

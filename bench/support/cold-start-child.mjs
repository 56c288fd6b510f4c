// One cold start, in a fresh process (bench/server-cold-start.mjs spawns it):
// import a Worker-style module (`export default { fetch }`, the handler created
// at module level) and answer one putObject request. Prints the times in ms
// (wall clock, and this process's CPU time, which a busy machine disturbs less)
// and the signed URL as one JSON line.
const file = process.argv[2]
const cpuMsSince = (since) => {
  const { user, system } = process.cpuUsage(since)
  return (user + system) / 1000
}
const started = performance.now()
const cpuAtStart = process.cpuUsage()
const { default: app } = await import(file)
const imported = performance.now()
const importCpuMs = cpuMsSince(cpuAtStart)
const cpuAtImport = process.cpuUsage()
const response = await app.fetch(new Request('http://bench.test/api/s3', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ operation: 'putObject', file: { name: 'photo.png', size: 1234, type: 'image/png' } }),
}))
const body = await response.json()
const answered = performance.now()
const firstRequestCpuMs = cpuMsSince(cpuAtImport)
if (response.status !== 200) throw new Error(`the handler answered ${response.status}: ${JSON.stringify(body)}`)
console.log(JSON.stringify({
  importMs: imported - started,
  firstRequestMs: answered - imported,
  // From the process's start: Node's own boot included.
  sinceProcessStartMs: answered,
  importCpuMs,
  firstRequestCpuMs,
  url: body.url,
}))

// The JS heaps of a page's dedicated workers (each its own V8 isolate), which
// Runtime.getHeapUsage on the page does not count: the page's CDP session
// auto-attaches to them (not flattened, so messages go through
// Target.sendMessageToTarget) and asks each for its Runtime.getHeapUsage.

/** Attaches to `pageCdp`'s workers as they start; `sample()` sums their heaps (bytes) and counts them. */
export async function watchWorkerHeaps(pageCdp) {
  const workers = new Map() // sessionId → { pending: Map<id, resolve> }
  let nextId = 1
  pageCdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.set(sessionId, { pending: new Map() })
  })
  pageCdp.on('Target.detachedFromTarget', ({ sessionId }) => {
    const worker = workers.get(sessionId)
    workers.delete(sessionId)
    for (const resolve of worker?.pending.values() ?? []) resolve(undefined)
  })
  pageCdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const reply = JSON.parse(message)
    const resolve = workers.get(sessionId)?.pending.get(reply.id)
    workers.get(sessionId)?.pending.delete(reply.id)
    resolve?.(reply.result)
  })
  await pageCdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
  const ask = (sessionId, method) =>
    new Promise((resolve) => {
      const id = nextId++
      workers.get(sessionId).pending.set(id, resolve)
      pageCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(undefined))
      setTimeout(() => resolve(undefined), 2000)
    })
  return {
    async sample() {
      const usages = await Promise.all([...workers.keys()].map((sessionId) => ask(sessionId, 'Runtime.getHeapUsage')))
      let heap = 0
      let buffers = 0
      for (const usage of usages) {
        heap += usage?.usedSize ?? 0
        buffers += usage?.backingStorageSize ?? 0
      }
      return { workers: workers.size, workerHeap: heap, workerBuffers: buffers }
    },
    async collectGarbage() {
      await Promise.all([...workers.keys()].map((sessionId) => ask(sessionId, 'HeapProfiler.collectGarbage')))
    },
  }
}

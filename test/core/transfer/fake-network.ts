import type { NetworkWatch } from '../../../src/core/transfer/network-watch.js'

/** A network the test takes down and brings back. */
export function fakeNetwork(online = true) {
  const listeners = new Set<() => void>()
  const watch: NetworkWatch = {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const set = (value: boolean) => {
    online = value
    for (const listener of [...listeners]) listener()
  }
  return { watch, set, listeners }
}

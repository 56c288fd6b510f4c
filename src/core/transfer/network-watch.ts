import type { Body, Meta, Uppy } from '@uppy/core'
import type { Clock, TimerHandle } from '../clock.js'

/**
 * Whether the browser can reach the network, injectable like `Visibility` in clock.ts so
 * tests can take the page offline and back.
 */
export interface NetworkWatch {
  isOnline(): boolean
  /** Calls `listener` when the answer may have changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/** `navigator.onLine` and the `online`/`offline` events; always online where there is no window. */
export const browserNetwork: NetworkWatch = {
  isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  subscribe(listener) {
    if (typeof window === 'undefined' || !window.addEventListener) return () => {}
    window.addEventListener('online', listener)
    window.addEventListener('offline', listener)
    return () => {
      window.removeEventListener('online', listener)
      window.removeEventListener('offline', listener)
    }
  },
}

/**
 * `navigator.onLine`, told of changes by Uppy's own `online`/`offline` listeners
 * (`is-online`, `is-offline`), so the page does not get a second pair of them.
 */
export function uppyNetwork(uppy: Uppy<Meta, Body>): NetworkWatch {
  return {
    isOnline: browserNetwork.isOnline,
    subscribe(listener) {
      uppy.on('is-online', listener)
      uppy.on('is-offline', listener)
      return () => {
        uppy.off('is-online', listener)
        uppy.off('is-offline', listener)
      }
    },
  }
}

/** What the transfer tells the network state besides asking it. */
export interface TransferNetwork extends NetworkWatch {
  /** A request got no answer at all (dropped, refused, unreachable). */
  failed(): void
  /** A request got an HTTP answer, whatever its status. */
  answered(): void
}

export const ALWAYS_ONLINE: TransferNetwork = {
  isOnline: () => true,
  subscribe: () => () => {},
  failed: () => {},
  answered: () => {},
}

/** Requests in a row without an answer before the endpoint is probed. */
const FAILURES_BEFORE_PROBE = 3
const FIRST_PROBE_DELAY_MS = 1000
const LONGEST_PROBE_DELAY_MS = 30_000

/**
 * The browser's signal, plus a fallback for when it says "online" but nothing gets through
 * (a dead Wi-Fi, a captive portal): after a few requests in a row without an answer, the
 * signing endpoint is probed; if the probe gets no answer either, the network counts as
 * down until a later probe (backing off to 30 s) or any request is answered. A store that
 * alone fails (wrong CORS rules, say) leaves the probe answered, so its failures still
 * count as attempts and end in an error.
 */
export class NetworkState implements TransferNetwork {
  readonly #source: NetworkWatch
  readonly #probe: () => Promise<boolean>
  readonly #clock: Clock
  readonly #listeners = new Set<() => void>()
  #unsubscribeSource: (() => void) | undefined
  #failures = 0
  #suspected = false
  #probing = false
  #probeDelay = FIRST_PROBE_DELAY_MS
  #probeTimer: TimerHandle | undefined

  constructor(source: NetworkWatch, probe: () => Promise<boolean>, clock: Clock) {
    this.#source = source
    this.#probe = probe
    this.#clock = clock
  }

  isOnline = (): boolean => this.#source.isOnline() && !this.#suspected

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    this.#unsubscribeSource ??= this.#source.subscribe(() => this.#notify())
    return () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size > 0) return
      this.#unsubscribeSource?.()
      this.#unsubscribeSource = undefined
    }
  }

  failed = (): void => {
    this.#failures += 1
    if (this.#failures >= FAILURES_BEFORE_PROBE && !this.#suspected && this.#source.isOnline()) void this.#check()
  }

  answered = (): void => {
    this.#failures = 0
    this.#probeDelay = FIRST_PROBE_DELAY_MS
    if (this.#suspected) this.#setSuspected(false)
  }

  async #check(): Promise<void> {
    if (this.#probing) return
    this.#probing = true
    const reachable = await this.#probe().catch(() => false)
    this.#probing = false
    if (reachable) return this.answered()
    this.#setSuspected(true)
    this.#clock.clearTimeout(this.#probeTimer)
    this.#probeTimer = this.#clock.setTimeout(() => void this.#check(), this.#probeDelay)
    this.#probeDelay = Math.min(this.#probeDelay * 2, LONGEST_PROBE_DELAY_MS)
  }

  #setSuspected(suspected: boolean): void {
    if (!suspected) this.#clock.clearTimeout(this.#probeTimer)
    if (this.#suspected === suspected) return
    this.#suspected = suspected
    this.#notify()
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener()
  }
}

/** Resolves once the network is up (at once if it is), or rejects with the signal's reason. */
export function untilOnline(network: NetworkWatch, signal: AbortSignal): Promise<void> {
  if (network.isOnline()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const stop = () => {
      unsubscribe()
      signal.removeEventListener('abort', onAbort)
    }
    const onAbort = () => (stop(), reject(signal.reason))
    const unsubscribe = network.subscribe(() => {
      if (network.isOnline()) (stop(), resolve())
    })
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Why an attempt was cut: the network went down. Not a failure, so the attempt does not count. */
export const WENT_OFFLINE = Symbol('went offline')

/** A signal for one attempt: aborts with `WENT_OFFLINE` when the network goes down, and with `signal`. */
export function attemptSignal(network: NetworkWatch, signal: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onAbort = () => controller.abort(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  const unsubscribe = network.subscribe(() => {
    if (!network.isOnline()) controller.abort(WENT_OFFLINE)
  })
  return {
    signal: controller.signal,
    dispose: () => {
      unsubscribe()
      signal.removeEventListener('abort', onAbort)
    },
  }
}

/** Set by the uploader plugin in its Uppy plugin state; read when deriving the snapshot. */
export interface NetworkPluginState {
  networkDown?: boolean
}

/** Whether an uploader plugin in this Uppy state says the network is down. */
export function networkDownIn(plugins: Record<string, unknown> | undefined): boolean {
  return Object.values(plugins ?? {}).some((state) => (state as NetworkPluginState | undefined)?.networkDown === true)
}

/** Mirrors the network's state into a plugin's state, where the snapshot reads "waiting for the network". Returns the unsubscribe. */
export function mirrorNetwork(
  network: NetworkWatch,
  getState: () => Partial<NetworkPluginState>,
  setState: (state: NetworkPluginState) => void,
): () => void {
  const mirror = () => {
    const networkDown = !network.isOnline()
    if (getState().networkDown !== networkDown) setState({ networkDown })
  }
  mirror()
  return network.subscribe(mirror)
}

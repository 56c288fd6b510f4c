import { useMemo, useState } from 'react'
import { RateMeter, type TransferRate } from '../core/transfer-rate.js'

const UNKNOWN: TransferRate = { bytesPerSecond: undefined, secondsLeft: undefined }

/**
 * Smoothed speed and time left of the running batch. Sampled when the bytes
 * change (snapshots arrive at most ~10 times a second); a second render of the
 * same bytes, as StrictMode does, adds no sample.
 */
export function useTransferRate(bytesUploaded: number, bytesTotal: number, active: boolean): TransferRate {
  const [meter, setMeter] = useState(() => new RateMeter())
  const [wasActive, setWasActive] = useState(active)
  if (wasActive !== active) {
    // A new batch starts from nothing: yesterday's speed says little about it.
    setWasActive(active)
    if (active) setMeter(new RateMeter())
  }
  return useMemo(
    () => (active ? meter.sample(bytesUploaded, bytesTotal, performance.now()) : UNKNOWN),
    [meter, active, bytesUploaded, bytesTotal],
  )
}

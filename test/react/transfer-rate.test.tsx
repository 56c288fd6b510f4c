import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TotalProgress } from '../../src/react/TotalProgress.js'
import { RateMeter } from '../../src/core/transfer-rate.js'

describe('RateMeter', () => {
  it('knows nothing from one sample, then converges on a steady rate and its time left', () => {
    const meter = new RateMeter()
    expect(meter.sample(0, 10_000_000, 0)).toEqual({ bytesPerSecond: undefined, secondsLeft: undefined })
    let rate = meter.read(0, 0)
    for (let second = 1; second <= 20; second++) rate = meter.sample(second * 100_000, 10_000_000, second * 1000)
    expect(rate.bytesPerSecond).toBeCloseTo(100_000, 0)
    expect(rate.secondsLeft).toBeCloseTo(80, 0)
  })

  it('smooths a burst instead of jumping to it', () => {
    const meter = new RateMeter()
    meter.sample(0, 1e9, 0)
    meter.sample(100_000, 1e9, 1000) // 100 kB/s
    const burst = meter.sample(1_100_000, 1e9, 1500) // 2 MB/s for half a second
    expect(burst.bytesPerSecond!).toBeGreaterThan(100_000)
    expect(burst.bytesPerSecond!).toBeLessThan(1_000_000)
  })

  it('ignores samples too close together (a StrictMode double render) and restarts when bytes go down', () => {
    const meter = new RateMeter()
    meter.sample(0, 1000, 0)
    const first = meter.sample(500, 1000, 1000)
    expect(meter.sample(500, 1000, 1001)).toEqual(first)
    expect(meter.sample(100, 1000, 2000)).toEqual({ bytesPerSecond: undefined, secondsLeft: undefined })
  })
})

it('the total bar shows bytes, speed and time left in words', () => {
  render(<TotalProgress progress={0.5} bytesUploaded={1024} bytesTotal={2048} bytesPerSecond={1536} secondsLeft={90} />)
  expect(screen.getByText('1 kB of 2 kB · 1.5 kB/s · 2 minutes left')).toBeVisible()
  expect(screen.getByRole('progressbar', { name: 'Total upload progress' })).toHaveAttribute('aria-valuenow', '50')
})

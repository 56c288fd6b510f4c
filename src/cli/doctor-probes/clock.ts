import type { Probe } from './context.js'

/**
 * SigV4 refuses requests signed too far from the store's clock (RequestTimeTooSkewed, 15 min
 * on AWS), and a skew eats into every URL's life: a 60 s read URL signed a minute slow is dead
 * on arrival.
 */

const MOST_SKEW_SECONDS = 30

export const clockProbe: Probe = async (context) => {
  const title = "This machine's clock agrees with the store's"
  const url = await context.signGet(context.key('clock.txt'))
  const sent = Date.now()
  const response = await context.fetch(url, { method: 'HEAD' })
  const received = Date.now()
  await response.body?.cancel()
  const date = response.headers.get('date')
  const storeTime = date === null ? Number.NaN : Date.parse(date)
  if (Number.isNaN(storeTime)) return [{ status: 'note', title, detail: 'The store sent no usable Date header, so the clock was not compared.' }]
  // The Date header has whole seconds: compare with the middle of the round trip, allow 1 s.
  const skew = Math.round(((sent + received) / 2 - storeTime) / 1000)
  const words = `${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the store`
  if (Math.abs(skew) <= MOST_SKEW_SECONDS) return [{ status: 'ok', title, detail: `Within ${Math.max(Math.abs(skew), 1)} s.` }]
  return [{
    status: 'problem',
    title,
    detail: `This machine is ${words}. The signing server must agree with the store within seconds, or short-lived URLs fail as expired or not yet valid.`,
    fix: 'run NTP on the signing server (e.g. systemd-timesyncd or chrony), and on a self-hosted store.',
  }]
}

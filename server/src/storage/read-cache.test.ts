import { describe, expect, it } from 'vitest'
import { ReadCache } from './read-cache.ts'

/** A load that resolves when told to, counting its calls. */
function deferredLoad<V>(value: V) {
  let calls = 0
  let release: () => void = () => {}
  const load = () => {
    calls++
    return new Promise<V>((resolve) => (release = () => resolve(value)))
  }
  return { load, release: () => release(), calls: () => calls }
}

describe('ReadCache', () => {
  it('asks storage once while an entry is cached, and again once it is forgotten', async () => {
    const cache = new ReadCache<{ role: string }>({ ttlMs: 60_000, max: 10 })
    let calls = 0
    const load = () => Promise.resolve({ role: `owner ${++calls}` })
    expect(await cache.get('a', load)).toEqual({ role: 'owner 1' })
    expect(await cache.get('a', load)).toEqual({ role: 'owner 1' })
    cache.forget('a')
    expect(await cache.get('a', load)).toEqual({ role: 'owner 2' })
  })

  it('does not cache an absent row', async () => {
    const cache = new ReadCache<{ role: string }>({ ttlMs: 60_000, max: 10 })
    let calls = 0
    const load = () => Promise.resolve((calls++, undefined))
    await cache.get('a', load)
    await cache.get('a', load)
    expect(calls).toBe(2)
  })

  it('does not put back what a read saw before a forget that happened while it ran', async () => {
    const cache = new ReadCache<{ session: string }>({ ttlMs: 60_000, max: 10 })
    const stale = deferredLoad({ session: 'before logout' })
    const reading = cache.get('s', stale.load)
    cache.forget('s') // the logout commits while the request's read is in flight
    stale.release()
    expect(await reading).toEqual({ session: 'before logout' })
    const fresh = deferredLoad(undefined)
    const again = cache.get('s', fresh.load)
    fresh.release()
    expect(await again).toBeUndefined()
    expect(fresh.calls()).toBe(1)
  })

  it('forgets entries after their time to live', async () => {
    const cache = new ReadCache<{ n: number }>({ ttlMs: 20, max: 10 })
    let calls = 0
    const load = () => Promise.resolve({ n: ++calls })
    await cache.get('a', load)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(await cache.get('a', load)).toEqual({ n: 2 })
  })
})

/**
 * The writer side of every sync probe: the loops that write `<prefix><i>` keys into the system under test
 * and note, on CLOCK_MONOTONIC (`process.hrtime.bigint()`), when they did. The probes only say what one
 * write is. Paced writes note the time just before each write, after a jittered pause (readers are idle
 * and must wake up, as in real use; the jitter keeps writes from phase-locking with a sync interval);
 * `prepare` runs before the clock is read, so whatever it builds is not part of the measured write. A
 * burst notes the time before the first write and after the last one was issued.
 */

/** One write of key `key`; if it returns a promise, that is awaited before the next write. */
export type Write<P> = (key: string, prepared: P) => unknown

export function benchValue(bytes: number, index: number): string {
  const tag = `${index}:`
  return tag + 'v'.repeat(Math.max(0, bytes - tag.length))
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A pause of `paceMs` ± 50 %, so writes never phase-lock with a sync interval. */
export function jittered(paceMs: number): number {
  return paceMs * (0.5 + Math.random())
}

/** `count` writes, each after a jittered pause; the time just before each write. */
export async function writePaced<P>(
  prefix: string,
  count: number,
  paceMs: number,
  prepare: (index: number) => P,
  write: Write<P>,
): Promise<bigint[]> {
  const times: bigint[] = []
  for (let i = 0; i < count; i++) {
    await sleep(jittered(paceMs))
    const prepared = prepare(i)
    times.push(process.hrtime.bigint())
    const done = write(`${prefix}${i}`, prepared)
    if (done instanceof Promise) await done
  }
  return times
}

/**
 * `count` writes back to back; the time before the first and after the last was issued. `one-by-one`
 * awaits a write's promise before issuing the next (a synchronous write never yields); `pipelined`
 * issues them all, then awaits them all (e.g. Redis commands on one connection).
 */
export async function writeBurst(
  prefix: string,
  count: number,
  write: Write<number>,
  issue: 'one-by-one' | 'pipelined' = 'one-by-one',
): Promise<{ first: bigint; last: bigint }> {
  const pending: Array<Promise<unknown>> = []
  const first = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    const done = write(`${prefix}${i}`, i)
    if (done instanceof Promise) {
      if (issue === 'pipelined') pending.push(done)
      else await done
    }
  }
  const last = process.hrtime.bigint()
  await Promise.all(pending)
  return { first, last }
}

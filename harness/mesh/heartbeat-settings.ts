/**
 * The heartbeat defaults, in one place. Erlang's net_ticktime sends four ticks per timeout; so do we: an
 * idle link sends a heartbeat every `timeoutMs / 4`. A shorter interval buys nothing in detection time
 * (the verdict waits for `timeoutMs` of silence anyway) and costs CPU that grows with n²: 64 nodes have
 * 4 032 link ends, so 100 ms heartbeats were 40 000 frames a second on a 2-core machine.
 */

/** How often an idle link sends a heartbeat, and how long a silence makes the peer down. */
export interface HeartbeatSettings {
  intervalMs: number
  timeoutMs: number
}

export function heartbeatSettings(
  opts: { intervalMs?: number; timeoutMs?: number } | undefined,
  timeFactor: number,
): HeartbeatSettings {
  const timeoutMs = opts?.timeoutMs ?? 1000 * timeFactor
  if (!(timeoutMs > 0))
    throw new RangeError(`heartbeat.timeoutMs must be a positive number, got ${timeoutMs}`)
  const intervalMs = opts?.intervalMs ?? timeoutMs / 4
  if (!(intervalMs > 0) || intervalMs >= timeoutMs)
    throw new RangeError(
      `heartbeat.intervalMs must be positive and below heartbeat.timeoutMs (${timeoutMs}), got ${intervalMs}`,
    )
  return { intervalMs, timeoutMs }
}

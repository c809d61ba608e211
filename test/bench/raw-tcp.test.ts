/**
 * The raw-tcp floor as the bench runs it: three real node processes, plain loopback sockets from the
 * writer to both readers, paced writes timed inside the nodes (as `bench --quick` measures
 * `sync-latency/raw-tcp`). Checks that every write arrived everywhere and that the wire cost is exactly
 * what the probe sends — never how fast it was.
 */
import { describe, expect, it } from 'vitest'
import { checkTargets } from '../../bench/report/targets.js'
import { validateReport } from '../../bench/report/validate.js'
import { liveDescendants } from '../../bench/run/process-tree.js'
import { measurePaced } from '../../bench/scenarios/paced-writes.js'
import { rawTcpSystem } from '../../bench/scenarios/sync-systems.js'
import { reportOf } from './report-fixture.js'

describe('sync-latency raw-tcp (quick)', () => {
  it('times every paced write on both readers and counts the frames it sent', async () => {
    const writes = 30
    const r = await measurePaced(
      {
        scenario: 'sync-latency',
        variant: 'raw-tcp',
        parameters: { nodes: 3, valueBytes: 100 },
        measures: 'x',
      },
      rawTcpSystem(),
      3,
      100,
      writes,
    )
    expect(r.status, r.reason ?? '').toBe('ok')
    expect(r.samples).toBe(writes)
    expect(r.quantiles!.p0).toBeGreaterThan(0)
    // One frame per reader per write: 4-byte length, 2-byte key length, key `paced:<i>`, 100 B value.
    expect(r.msgsPerOp).toBe(2)
    const keyBytes = Array.from({ length: writes }, (_, i) => `paced:${i}`.length).reduce((a, b) => a + b, 0)
    expect(r.bytesPerOp).toBe(Math.round((2 * (writes * (4 + 2 + 100) + keyBytes)) / writes))
    // The cell is a valid floor for the targets that name it.
    const report = reportOf([r, { ...r, id: r.id.replace('raw-tcp', 'push'), variant: 'push' }], {
      scenarios: ['sync-latency'],
    })
    report.targets = checkTargets(report.results)
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([])
    const p50 = report.targets.find((t) => t.label === 'sync p50, 3 nodes, 100 B: push / raw-tcp')
    expect(p50).toMatchObject({ measured: 1, met: true, floorResultId: r.id })
    expect(liveDescendants()).toEqual([])
  }, 120_000)
})

/**
 * A partition splits a game's node from the others: the far side restarts the session (members 'auto':
 * every side has quorum, DS-4/DS-12), so both sides serve the game while split. After the heal the
 * registry's conflict resolution leaves exactly one session, reachable from every node, and the
 * supervisor drops the loser instead of restarting it (its via-name start finds the winner alive). The
 * loser hands what it acknowledged to the winner (session.ts) by a cast, at most once: a link that flaps
 * right after the heal can lose it (fixtures/game/README.md), so the merge is reported, not required.
 */
import { remote, waitUntil } from 'handoff-harness'
import { describe, expect, test } from 'handoff-harness/vitest'

const GameEngine = remote<typeof import('handoff-harness/fixtures/game')>('handoff-harness/fixtures/game')
const Probe = remote<typeof import('#test-nodes/game-probe')>('#test-nodes/game-probe')
const boot = ['handoff-harness/fixtures/game']

describe('a game session across a partition', () => {
  test('both sides serve it while split; after the heal exactly one session remains', async ({ cluster }) => {
    const [n1, n2, n3] = await cluster.startNodes(3, { boot, ports: ['http'] })
    const game = { id: 'split-game', round: 1 }
    const started = await cluster.call(n1!, GameEngine.continueGame, [game])
    if (!started.ok) throw new Error(JSON.stringify(started))
    const home = [n1!, n2!, n3!].find((n) => n.name === started.pid.node)!
    const others = [n1!, n2!, n3!].filter((n) => n !== home)

    // The split comes after every node knows the game (a write still in flight when the links are cut
    // is lost with them, and the far side would have nothing to restart).
    await waitUntil(async () => {
      for (const n of others)
        expect(await cluster.call(n, Probe.countSessions, [])).toEqual({ active: 1, specs: 1 })
    })
    await cluster.partition([home], others)

    await waitUntil(async () => {
      expect(await cluster.call(home, GameEngine.getGame, [game.id])).toMatchObject({ ok: true, game })
      expect(await cluster.call(others[0]!, GameEngine.getGame, [game.id])).toMatchObject({ ok: true, game })
    })

    // One acknowledged action on each side: whichever copy loses the conflict, both survive the heal.
    const act = async (n: typeof home, player: string) => {
      const res = await fetch(`http://127.0.0.1:${n.ports.http}/games/${game.id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ player, seq: 1 }),
      })
      expect(await res.json()).toMatchObject({ t: 'ack', seq: 1 })
    }
    await act(home, 'near')
    await act(others[0]!, 'far')

    await cluster.heal()

    let survivors: Record<string, unknown> = {}
    await waitUntil(async () => {
      const pids = await Promise.all(
        [n1!, n2!, n3!].map((n) => cluster.call(n, GameEngine.whereIsGame, [game.id])),
      )
      expect(pids[0]).not.toBeNull()
      expect(pids[1]).toEqual(pids[0])
      expect(pids[2]).toEqual(pids[0])
      for (const n of [n1!, n2!, n3!]) {
        expect(await cluster.call(n, Probe.countSessions, [])).toEqual({ active: 1, specs: 1 })
      }
      const after = await cluster.call(n1!, GameEngine.getGame, [game.id])
      if (!after.ok) throw new Error(JSON.stringify(after))
      survivors = after.game.actions ?? {}
      // Never an action invented or applied twice; the winner's own action always stays.
      expect(Object.keys(survivors).length).toBeGreaterThan(0)
      for (const [player, applied] of Object.entries(survivors)) {
        expect(['near', 'far']).toContain(player)
        expect(applied).toEqual([[1, 1]])
      }
    })
    // The loser hands its action to the winner by a cast (at most once, see fixtures/game/README.md):
    // normally both actions are there soon; if the cast was lost with a flapping link, say so.
    const merged = await waitUntil(
      async () => {
        const now = await cluster.call(n1!, GameEngine.getGame, [game.id])
        return now.ok && 'near' in (now.game.actions ?? {}) && 'far' in (now.game.actions ?? {})
      },
      { timeoutMs: 3_000, message: 'both actions after the merge' },
    ).then(
      () => true,
      () => false,
    )
    if (!merged)
      console.warn(`partition merge lost the loser's action (kept: ${Object.keys(survivors).join(', ')})`)
  })
})

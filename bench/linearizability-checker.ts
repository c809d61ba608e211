/**
 * The linearizability checker's speed on a large history: 10,000 operations over 100 keys from 10
 * clients (generated, linearizable, 1% never returned), checked end to end, against a floor from the
 * same run: splitting the history by key and interning its values (what any checker must do first).
 * Run: `npx tsx bench/linearizability-checker.ts [ops] [keys] [clients]`.
 */
import { byKey, checkLinearizability, KeyRegister } from '../suites/linearizability/index.js'
import { generateHistory } from './linearizability-history.js'

const [ops = 10_000, keys = 100, clients = 10] = process.argv.slice(2).map(Number)
const samples = 7
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const check: number[] = []
const floor: number[] = []
let verdict = ''
for (let i = 0; i < samples; i++) {
  const history = generateHistory({ ops, keys, clients, seed: i + 1 })
  let t = performance.now()
  for (const keyOps of byKey(history).values()) new KeyRegister(keyOps)
  floor.push(performance.now() - t)
  t = performance.now()
  const result = checkLinearizability(history)
  check.push(performance.now() - t)
  verdict = result.verdict
  if (result.verdict !== 'linearizable') throw new Error(`generated history judged ${result.verdict}`)
}
const m = median(check)
const f = median(floor)
console.log(
  `linearizability checker: ${ops} ops, ${keys} keys, ${clients} clients: ${verdict}; ` +
    `median ${m.toFixed(1)} ms (min ${Math.min(...check).toFixed(1)}, max ${Math.max(...check).toFixed(1)}, ${samples} histories); ` +
    `floor (split + intern) ${f.toFixed(1)} ms; ratio ${(m / f).toFixed(1)}×`,
)

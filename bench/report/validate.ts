/**
 * A structural check of a bench report (the JSON schema, written out as code): used when reading a
 * `--baseline`, and by the tests. Returns the problems found; an empty list means the report is valid.
 */
import { PERCENTILE_KEYS } from './quantiles.js'
import { SCHEMA } from './schema.js'

type Obj = Record<string, unknown>

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x)
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
const isNumOrNull = (x: unknown): boolean => x === null || isNum(x)

function checkFields(obj: Obj, where: string, fields: Record<string, (x: unknown) => boolean>): string[] {
  return Object.entries(fields)
    .filter(([k, ok]) => !ok(obj[k]))
    .map(([k]) => `${where}.${k} is missing or has the wrong type (${JSON.stringify(obj[k])})`)
}

function checkResult(r: unknown, i: number): string[] {
  const where = `results[${i}]`
  if (!isObj(r)) return [`${where} is not an object`]
  const problems = checkFields(r, where, {
    id: (x) => typeof x === 'string' && x !== '',
    scenario: (x) => typeof x === 'string',
    variant: (x) => typeof x === 'string',
    parameters: (x) =>
      isObj(x) && Object.values(x).every((v) => ['string', 'number', 'boolean'].includes(typeof v)),
    status: (x) => x === 'ok' || x === 'skipped' || x === 'failed',
    reason: (x) => x === null || typeof x === 'string',
    measures: (x) => typeof x === 'string',
    unit: (x) => x === 'ms',
    samples: (x) => Number.isInteger(x) && (x as number) >= 0,
    mean: isNumOrNull,
    msgsPerOp: isNumOrNull,
    bytesPerOp: isNumOrNull,
    extra: (x) => isObj(x) && Object.values(x).every(isNum),
    samplesMs: (x) => Array.isArray(x) && x.every(isNum),
    samplesComplete: (x) => typeof x === 'boolean',
    quantiles: (x) => x === null || (isObj(x) && PERCENTILE_KEYS.every((k) => isNum(x[k]))),
  })
  if (problems.length > 0) return problems
  const q = r.quantiles as Obj | null
  if (r.status === 'ok') {
    if (q === null || r.samples === 0) problems.push(`${where} is ok but has no samples`)
    else if (
      !PERCENTILE_KEYS.every((k, j) => j === 0 || (q[k] as number) >= (q[PERCENTILE_KEYS[j - 1]!] as number))
    )
      problems.push(`${where}.quantiles are not ascending`)
    const kept = (r.samplesMs as number[]).length
    if (r.samplesComplete === true ? kept !== r.samples : kept > (r.samples as number))
      problems.push(
        `${where}.samplesMs holds ${kept} of ${r.samples} samples (complete: ${r.samplesComplete})`,
      )
  } else if (r.reason === null) problems.push(`${where} is ${r.status} without a reason`)
  return problems
}

export function validateReport(data: unknown): string[] {
  if (!isObj(data)) return ['the report is not an object']
  const problems = checkFields(data, 'report', {
    schema: (x) => x === SCHEMA,
    date: (x) => typeof x === 'string' && !Number.isNaN(Date.parse(x)),
    machine: isObj,
    node: (x) => typeof x === 'string' && x.startsWith('v'),
    options: isObj,
    durationMs: isNum,
    loadavgAfter: (x) => Array.isArray(x) && x.every(isNum),
    foreignCpuShare: (x) => x === null || (isNum(x) && x >= 0 && x <= 1),
    idleWake: (x) =>
      x === undefined || (isObj(x) && isNum(x.hotUs) && isNum(x.afterIdleUs) && isNum(x.factor)),
    results: Array.isArray,
    comparisons: Array.isArray,
    targets: Array.isArray,
    leftoverProcesses: (x) => Array.isArray(x) && x.every(Number.isInteger),
  })
  if (problems.length > 0) return problems
  problems.push(
    ...checkFields(data.machine as Obj, 'machine', {
      cpus: (x) => Number.isInteger(x) && (x as number) > 0,
      model: (x) => typeof x === 'string',
      memoryBytes: isNum,
      platform: (x) => typeof x === 'string',
      arch: (x) => typeof x === 'string',
      osRelease: (x) => typeof x === 'string',
      loadavg: (x) => Array.isArray(x) && x.every(isNum),
    }),
  )
  ;(data.results as unknown[]).forEach((r, i) => {
    problems.push(...checkResult(r, i))
  })
  ;(data.targets as unknown[]).forEach((t, i) => {
    if (!isObj(t)) problems.push(`targets[${i}] is not an object`)
    else
      problems.push(
        ...checkFields(t, `targets[${i}]`, {
          label: (x) => typeof x === 'string',
          measured: isNumOrNull,
          // Added later in schema version 1: absent in older reports.
          floor: (x) => x === undefined || isNumOrNull(x),
          value: (x) => x === undefined || isNumOrNull(x),
        }),
      )
  })
  ;(data.comparisons as unknown[]).forEach((c, i) => {
    if (!isObj(c)) problems.push(`comparisons[${i}] is not an object`)
    else
      problems.push(
        ...checkFields(c, `comparisons[${i}]`, {
          label: (x) => typeof x === 'string',
          subject: (x) => typeof x === 'string',
          reference: (x) => typeof x === 'string',
          p50Ratio: isNum,
          p99Ratio: isNum,
        }),
      )
  })
  return problems
}

/**
 * Values in a history are whatever the store holds (structured-clone data), but a history must survive
 * a round trip through a JSON file, and the checker must tell values apart. This module maps a value to
 * JSON-safe data with tagged wrappers for what JSON cannot hold (`undefined`, bigint, non-finite
 * numbers, Date, Map, Set), back again, and to a canonical string (object keys sorted) that is the
 * value's identity: two writes of equal values are indistinguishable to every reader, and so to the
 * checker. Class instances other than those are kept as their own enumerable properties (lossy).
 */

/** Identity of "no value": a read of an absent key, a delete, a write of `undefined`. */
export const ABSENT = '(absent)'

const TAG = '$hh'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

function tagged(kind: string, v?: Json): Json {
  return v === undefined ? { [TAG]: kind } : { [TAG]: kind, v }
}

function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value)
}

/** Assigns an own property, even one named `__proto__` (plain assignment would set the prototype). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** Maps a value to JSON-safe data that `decodeValue` turns back into an equal value. */
export function encodeValue(value: unknown, seen: Set<object> = new Set()): Json {
  switch (typeof value) {
    case 'undefined':
      return tagged('undefined')
    case 'boolean':
    case 'string':
      return value
    case 'number':
      // JSON has no NaN, ±Infinity or -0.
      return Number.isFinite(value) && !Object.is(value, -0) ? value : tagged('number', numberText(value))
    case 'bigint':
      return tagged('bigint', value.toString())
    case 'object':
      break
    default:
      throw new TypeError(`history values must be structured-clone data, got a ${typeof value}`)
  }
  if (value === null) return null
  if (seen.has(value)) throw new TypeError('history values must not contain cycles')
  seen.add(value)
  try {
    if (Array.isArray(value)) return value.map((item) => encodeValue(item, seen))
    if (value instanceof Date) return tagged('date', value.getTime())
    if (value instanceof Map) {
      return tagged(
        'map',
        [...value].map(([k, v]) => [encodeValue(k, seen), encodeValue(v, seen)]),
      )
    }
    if (value instanceof Set)
      return tagged(
        'set',
        [...value].map((item) => encodeValue(item, seen)),
      )
    const out: { [k: string]: Json } = {}
    for (const [k, v] of Object.entries(value)) setOwn(out, k, encodeValue(v, seen))
    // A user object that happens to have our tag key is wrapped so it decodes as itself.
    return Object.hasOwn(out, TAG) ? tagged('object', out) : out
  } finally {
    seen.delete(value)
  }
}

/** Inverse of `encodeValue`. */
export function decodeValue(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(decodeValue)
  if (data === null || typeof data !== 'object') return data
  const record = data as Record<string, unknown>
  if (!Object.hasOwn(record, TAG)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(record)) setOwn(out, k, decodeValue(v))
    return out
  }
  const v = record.v
  switch (record[TAG]) {
    case 'undefined':
      return undefined
    case 'number':
      return Number(v)
    case 'bigint':
      return BigInt(String(v))
    case 'date':
      return new Date(Number(v))
    case 'map':
      return new Map((v as unknown[][]).map(([k, item]) => [decodeValue(k), decodeValue(item)]))
    case 'set':
      return new Set((v as unknown[]).map(decodeValue))
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, decodeValue(item))
      return out
    }
    default:
      throw new TypeError(`unknown tagged value in history: ${JSON.stringify(record[TAG])}`)
  }
}

function canonical(data: Json): string {
  if (Array.isArray(data)) return `[${data.map(canonical).join(',')}]`
  if (data === null || typeof data !== 'object') return JSON.stringify(data)
  const keys = Object.keys(data).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(data[k] as Json)}`).join(',')}}`
}

/** The identity of a value: equal for deep-equal values whatever their key order; `ABSENT` for none. */
export function valueKey(value: unknown): string {
  return value === undefined ? ABSENT : canonical(encodeValue(value))
}

/** A short human rendering of a value for reports (canonical form, truncated). */
export function showValue(value: unknown, max = 60): string {
  const text = valueKey(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * One bench write as bytes, the same for both floors: `[u16 key length][key][value]`, latin1 (bench keys
 * and values are ASCII). `raw-tcp` puts it after its own 4-byte length; `mesh-floor` hands it to
 * `node.send` as a Buffer, which the mesh frames as bytes (harness/mesh/frame.ts) — so the two floors carry
 * the same bytes and differ only in the path, as the store (which sends bytes it encoded itself) does.
 */

/** The write's bytes after `headroom` bytes left free at the front (for a caller's own header). */
export function encodeKeyValue(key: string, value: string, headroom = 0): Buffer {
  const keyLength = Buffer.byteLength(key, 'latin1')
  const buf = Buffer.allocUnsafe(headroom + 2 + keyLength + Buffer.byteLength(value, 'latin1'))
  buf.writeUInt16BE(keyLength, headroom)
  buf.write(key, headroom + 2, 'latin1')
  buf.write(value, headroom + 2 + keyLength, 'latin1')
  return buf
}

/** Key and value of the write in `buf[start, end)`; a reader must have both, so both are decoded. */
export function decodeKeyValue(buf: Uint8Array, start = 0, end = buf.length): { key: string; value: string } {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  const keyEnd = start + 2 + b.readUInt16BE(start)
  return { key: b.toString('latin1', start + 2, keyEnd), value: b.toString('latin1', keyEnd, end) }
}

/**
 * The answering side of `node.request`: runs the service's handler for a `req` frame and sends one `rep`
 * back on the same link — the handler's value, or its error (serialized-error.ts); a service with no
 * handler answers `UnknownServiceError` naming the node, and a value that cannot be cloned answers with
 * that error instead of nothing.
 */
import type { ServiceHandler } from '../node-api.js'
import type { Link } from './link.js'
import { serializeError } from './serialized-error.js'

export function serveRequest(
  link: Link,
  ownName: string,
  req: { i: number; s: string; b: unknown },
  handler: ServiceHandler | undefined,
): void {
  const id = req.i
  if (handler === undefined) {
    const e = { name: 'UnknownServiceError', message: `${ownName} has no handler for service '${req.s}'` }
    link.send({ t: 'rep', i: id, ok: false, e })
    return
  }
  Promise.resolve()
    .then(() => handler(req.b, link.peer))
    .then(
      (value) => {
        try {
          link.send({ t: 'rep', i: id, ok: true, b: value })
        } catch (err) {
          link.send({ t: 'rep', i: id, ok: false, e: serializeError(err) })
        }
      },
      (err: unknown) => link.send({ t: 'rep', i: id, ok: false, e: serializeError(err) }),
    )
}

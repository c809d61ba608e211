/**
 * The `call` scenario's floor: a bare child that answers each IPC message with a reply of the same shape
 * and size as the harness's result message, with nothing else in the process. Started with `fork`,
 * `serialization: 'advanced'`, like the harness's nodes.
 */
interface EchoRequest {
  id: number
  args: unknown[]
}

process.on('message', (msg) => {
  const req = msg as EchoRequest
  process.send?.({ type: 'result', id: req.id, ok: true, value: req.args[0] })
})
process.on('disconnect', () => process.exit(0))
process.send?.({ type: 'ready' })

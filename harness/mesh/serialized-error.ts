/**
 * An error as plain data, for a boundary that cannot carry the Error itself: a mesh reply (`rep` frames)
 * and the control channel's answers both send this shape, and the receiving side rebuilds a typed error
 * from it (RemoteServiceError in a node, RemoteCallError and its kin in the manager).
 */
export interface SerializedError {
  name: string
  message: string
  stack?: string
  code?: string
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return {
      name: err.name,
      message: err.message,
      ...(err.stack === undefined ? {} : { stack: err.stack }),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  return { name: 'NonError', message: String(err) }
}

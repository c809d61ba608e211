/** Bench in-node helper for `scale`: the node's resident memory. */
export function rss(): number {
  return process.memoryUsage().rss
}

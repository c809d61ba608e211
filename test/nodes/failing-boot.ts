/** Test-only boot module whose start() fails after writing to the log. */
export function start(): void {
  console.log('about to fail on purpose')
  throw new Error('boot module refused to start')
}

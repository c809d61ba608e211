/** In-node module for the `call` scenario: returns its argument (the call's cost is all harness). */
export function echo<T>(value: T): T {
  return value
}

/** Every default timeout is multiplied by the time factor (option, else env HANDOFF_TIME_FACTOR, else 1). */
export function resolveTimeFactor(option?: number): number {
  const value = option ?? Number(process.env.HANDOFF_TIME_FACTOR ?? 1)
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `time factor must be a positive number, got ${String(option ?? process.env.HANDOFF_TIME_FACTOR)}`,
    )
  }
  return value
}

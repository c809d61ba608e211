/** Link faults, defined once for every injector (the link proxy, the suites; the mesh to follow). */

export { type DelayQueueOptions, OrderedDelayQueue } from './delay-queue.js'
export {
  checkDelay,
  describeDelay,
  type LinkDelay,
  NO_DELAY,
  type ResolvedLinkDelay,
  resolveDelay,
} from './link-delay.js'

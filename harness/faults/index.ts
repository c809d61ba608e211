/** Link faults, defined once for every injector (the mesh, the link proxy, the suites). */

export { type DelayQueueOptions, OrderedDelayQueue } from './delay-queue.js'
export {
  checkDelay,
  describeDelay,
  type LinkDelay,
  NO_DELAY,
  type ResolvedLinkDelay,
  resolveDelay,
} from './link-delay.js'
export { delayFault, dropsFrame, faultDelay, type LinkFault } from './link-fault.js'

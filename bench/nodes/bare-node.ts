/**
 * The `node-start` floor: a plain node process with nothing to load, which says so at once. The time from
 * spawning it to this message is what any node start costs on this machine before the harness does
 * anything.
 */
process.send?.('ready')

/** Where a peer's mesh listens: what the directory (the manager's `directory`/`peer-joined` orders)
 * gives a node to dial. */
export interface PeerAddress {
  name: string
  /** The peer's address (127.0.0.1 on loopback). */
  host: string
  port: number
}

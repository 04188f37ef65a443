import type { StoredMessage } from './model';

/**
 * A FIFO queue's messages by message group, each group in sequence order, so a receive costs
 * O(groups + messages returned) rather than a scan of the whole backlog: a single hot group with
 * thousands of waiting messages (a buffer queue with a static group id) stays cheap to poll.
 *
 * Invariant the FIFO rules give: the messages of a group that were ever received form a prefix of
 * the group (receives take a group's messages from its head, contiguously), so whether a group
 * has a message in flight is decided by that prefix alone.
 */
export class MessageGroups {
  private readonly groups = new Map<string, StoredMessage[]>();

  add(message: StoredMessage): void {
    const key = message.messageGroupId ?? '';
    const members = this.groups.get(key);
    if (members === undefined) this.groups.set(key, [message]);
    else members.push(message);
  }

  remove(message: StoredMessage): void {
    const key = message.messageGroupId ?? '';
    const members = this.groups.get(key);
    if (members === undefined) return;
    const index = members.indexOf(message);
    if (index >= 0) members.splice(index, 1);
    if (members.length === 0) this.groups.delete(key);
  }

  clear(): void {
    this.groups.clear();
  }

  /** The groups' message lists, groups in the order they first appeared (AWS gives no order across groups). */
  lists(): IterableIterator<StoredMessage[]> {
    return this.groups.values();
  }

  /** True when a message of the group is in flight (received, visibility timeout running). */
  static inFlight(members: readonly StoredMessage[], now: number): boolean {
    for (const message of members) {
      if (message.receiptHandle === undefined) return false;
      if (message.visibleAt > now) return true;
    }
    return false;
  }

  /** The next time (ms) after `now` a group's head may change: an in-flight message expires or a delayed one arrives. */
  nextVisibleAt(now: number): number | undefined {
    let next: number | undefined;
    for (const members of this.groups.values()) {
      for (const message of members) {
        if (message.visibleAt > now && (next === undefined || message.visibleAt < next)) next = message.visibleAt;
        // Past the received prefix only the first never-received message matters: later ones arrive later.
        if (message.receiptHandle === undefined) break;
      }
    }
    return next;
  }
}

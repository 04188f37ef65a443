import type { PutEventsCommand, PutEventsCommandOutput, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { PutEventsSender } from '../../../runtime/publisher/index';

/** An in-memory EventBridge that records accepted entries and fails the entries `decide` picks. */
export class FakeEventBus implements PutEventsSender {
  readonly accepted: PutEventsRequestEntry[] = [];
  calls = 0;
  constructor(private readonly decide: (entry: PutEventsRequestEntry, call: number) => PutEventsResultEntry | undefined = () => undefined) {}

  async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
    this.calls += 1;
    const entries = command.input.Entries ?? [];
    const results = entries.map((entry, i) => {
      const failure = this.decide(entry, this.calls);
      if (failure !== undefined) return failure;
      this.accepted.push(entry);
      return { EventId: `eb-${this.calls}-${i}` };
    });
    return { $metadata: {}, FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
  }

  /** The envelope eventIds of accepted entries, in acceptance order. */
  acceptedEventIds(): string[] {
    return this.accepted.map((entry) => JSON.parse(entry.Detail!).metadata.eventId as string);
  }
}

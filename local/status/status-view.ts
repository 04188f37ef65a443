import type { ConsumerFigures, StatusReport } from './status-tracker';

const COLUMNS: readonly (keyof ConsumerFigures)[] = ['received', 'processed', 'duplicates', 'failed', 'dlq', 'oldestAgeSeconds', 'dropped'];
const HEADINGS: Record<keyof ConsumerFigures, string> = {
  received: 'received',
  processed: 'processed',
  duplicates: 'duplicates',
  failed: 'failed',
  dlq: 'in DLQ',
  oldestAgeSeconds: 'oldest (s)',
  dropped: 'dropped',
};

/** Renders the report as an aligned table, one line per consumer. */
export function renderStatusTable(report: StatusReport): string[] {
  const names = Object.keys(report.consumers);
  const nameWidth = Math.max('consumer'.length, ...names.map((name) => name.length));
  const widths = COLUMNS.map((column) =>
    Math.max(HEADINGS[column].length, ...names.map((name) => String(report.consumers[name][column]).length)),
  );
  const line = (first: string, cells: string[]) =>
    [first.padEnd(nameWidth), ...cells.map((cell, i) => cell.padStart(widths[i]))].join('  ');
  return [
    line('consumer', COLUMNS.map((column) => HEADINGS[column])),
    ...names.map((name) => line(name, COLUMNS.map((column) => String(report.consumers[name][column])))),
    ...faultLines(report),
  ];
}

/** `faults: reorder=12 duplicate=3 ...` when the runtime injects faults; nothing otherwise. */
function faultLines(report: StatusReport): string[] {
  if (report.faults === undefined) return [];
  const counts = Object.entries(report.faults).map(([kind, count]) => `${kind}=${count}`);
  return [`faults: ${counts.join(' ') || '(none switched on)'}`];
}

/** Renders one plain line per consumer, for logs and pipes. */
export function renderStatusLines(report: StatusReport, now = new Date()): string[] {
  return [
    ...Object.entries(report.consumers).map(
      ([name, figures]) => `${now.toISOString()} ${name} ${COLUMNS.map((column) => `${column}=${figures[column]}`).join(' ')}`,
    ),
    ...faultLines(report).map((line) => `${now.toISOString()} ${line}`),
  ];
}

export interface StatusViewOptions {
  readonly report: () => Promise<StatusReport>;
  readonly out?: NodeJS.WriteStream;
  /** @default 1000 */
  readonly intervalMs?: number;
}

/** A running live view; `stop()` ends the refresh loop. */
export interface StatusView {
  stop(): Promise<void>;
}

/**
 * Refreshes the figures about once a second: redraws the table in place on a terminal, and prints
 * plain lines only when a figure changed when stdout is a pipe or file.
 */
export function startStatusView(options: StatusViewOptions): StatusView {
  const out = options.out ?? process.stdout;
  let drawnLines = 0;
  let lastPlain = '';
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    let report: StatusReport;
    try {
      report = await options.report();
    } catch (error) {
      out.write(`status unavailable: ${(error as Error).message}\n`);
      drawnLines = 0;
      return;
    }
    if (stopped) return;
    if (out.isTTY) {
      const lines = renderStatusTable(report);
      // Move up over the previous table and clear to the end of the screen, so other output above stays.
      const rewind = drawnLines > 0 ? `\x1b[${drawnLines}A\x1b[0J` : '';
      out.write(`${rewind}${lines.join('\n')}\n`);
      drawnLines = lines.length;
    } else {
      const plain = JSON.stringify(report);
      if (plain !== lastPlain) {
        lastPlain = plain;
        out.write(`${renderStatusLines(report).join('\n')}\n`);
      }
    }
  };

  const timer = setInterval(() => {
    running = running.then(tick);
  }, options.intervalMs ?? 1000);
  running = running.then(tick);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

import { h, s, replace, duration } from './dom.js';

/** The figures of `event-router status` (ops consumerStatus), with received and dropped from GET /status. */
const FIELDS = ['received', 'processed', 'duplicates', 'failed', 'parked', 'held', 'dropped', 'dlq'];
const HISTORY = 60;

/** The consumers table: one row per consumer, cells rewritten in place on each live sample. */
export function createConsumersView(tbody, consumers, onOpenDlq) {
  const rows = new Map();
  const history = new Map(consumers.map((name) => [name, []]));
  const previous = new Map();
  replace(
    tbody,
    consumers.map((name) => {
      const cells = Object.fromEntries(FIELDS.map((field) => [field, h('td', { class: 'num', 'data-field': field }, '0')]));
      const dlqButton = h('button', { type: 'button', class: 'link', 'aria-label': `Show the dead letters of ${name}` }, '0');
      dlqButton.addEventListener('click', () => onOpenDlq(name));
      replace(cells.dlq, dlqButton);
      const meter = h('meter', { min: 0, max: 1, value: 0, 'aria-label': `oldest message age of ${name} against its retention` });
      const ageText = h('span', { class: 'age' }, '0 s');
      const spark = s('svg', { class: 'spark', viewBox: `0 0 ${HISTORY} 20`, width: 120, height: 24, 'aria-hidden': 'true', preserveAspectRatio: 'none' });
      const sparkLine = s('polyline', { points: '' });
      spark.append(sparkLine);
      const sparkText = h('span', { class: 'visually-hidden' }, '');
      const verdict = h('span', { class: 'badge healthy', 'data-verdict': 'healthy' }, 'healthy');
      const row = h(
        'tr',
        { 'data-consumer': name },
        h('th', { scope: 'row' }, name),
        h('td', { 'data-field': 'verdict' }, verdict),
        FIELDS.map((field) => cells[field]),
        h('td', { 'data-field': 'oldest' }, ageText, ' ', meter),
        h('td', { 'data-field': 'spark' }, spark, sparkText),
      );
      rows.set(name, { cells, dlqButton, meter, ageText, sparkLine, sparkText, verdict });
      return row;
    }),
  );

  return {
    update(snapshot) {
      const at = Date.parse(snapshot.at);
      for (const [name, row] of rows) {
        const figures = snapshot.consumers[name];
        if (figures === undefined) continue;
        for (const field of FIELDS) {
          if (field === 'dlq') row.dlqButton.textContent = String(figures.dlq);
          else row.cells[field].textContent = String(figures[field]);
        }
        row.cells.failed.classList.toggle('bad', figures.failed > 0);
        row.cells.dropped.classList.toggle('bad', figures.dropped > 0);
        row.cells.dlq.classList.toggle('bad', figures.dlq > 0);
        row.verdict.textContent = figures.verdict;
        row.verdict.className = `badge ${figures.verdict}`;
        row.verdict.dataset.verdict = figures.verdict;
        // The status command's reasons, as the tooltip (a title is text: nothing in it is parsed).
        row.verdict.title = figures.reasons.join('\n');
        row.ageText.textContent = `${duration(figures.oldestAgeSeconds)} of ${duration(figures.retentionSeconds)}, ${duration(figures.secondsLeft)} left`;
        row.meter.value = figures.retentionSeconds > 0 ? Math.min(1, figures.oldestAgeSeconds / figures.retentionSeconds) : 0;
        const before = previous.get(name);
        const perSecond = before === undefined || at <= before.at ? 0 : (figures.processed - before.processed) / ((at - before.at) / 1000);
        previous.set(name, { at, processed: figures.processed });
        const points = history.get(name);
        points.push(Math.max(0, perSecond));
        if (points.length > HISTORY) points.shift();
        const max = Math.max(1, ...points);
        row.sparkLine.setAttribute('points', points.map((v, i) => `${HISTORY - points.length + i},${(19 - (v / max) * 18).toFixed(1)}`).join(' '));
        row.sparkText.textContent = `${perSecond.toFixed(1)} processed per second now, peak ${max.toFixed(1)}`;
      }
    },
  };
}

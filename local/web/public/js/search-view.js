import { api, h, replace } from './dom.js';

/**
 * Event search: `event-router trace` (ops traceEvents) of the query — each matching event, where it came from, each
 * consumer's outcome with its time, reason, failed attempts and skipped duplicates — and the event's detail pretty-printed.
 */
export function createSearchView() {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-query');
  const status = document.getElementById('search-status');
  const results = document.getElementById('search-results');

  const search = async (query) => {
    input.value = query;
    status.textContent = 'Searching…';
    try {
      const trace = await api(`/api/trace?q=${encodeURIComponent(query)}`);
      status.textContent = trace.events.length === 0 ? `No event matches “${query}” (eventId, correlation id or entity id).` : `${trace.events.length} event(s) found.`;
      replace(results, trace.events.map(renderEvent));
    } catch (error) {
      status.textContent = `Search failed: ${error.message}`;
      replace(results);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim() !== '') void search(input.value.trim());
  });
  return { search };
}

function renderEvent(event) {
  const published = event.published;
  const facts = [
    ['eventId', event.eventId],
    ['detail-type', event.detailType ?? '—'],
    ['source', event.source ?? '—'],
    ['correlation id', event.correlationId ?? '—'],
    ['published', published === undefined ? 'not recorded here' : `${published.via} at ${published.at} on ${published.busName}`],
    ['EventBridge id', published?.id ?? '—'],
    ['matched', event.matchedConsumers === undefined ? '—' : event.matchedConsumers.join(', ') || 'no consumer rule'],
  ];
  if (event.replays.length > 0) facts.push(['replayed', event.replays.join(', ')]);
  return h(
    'article',
    { class: 'trace', 'data-event-id': event.eventId },
    h('h3', {}, `${event.detailType ?? 'event'} `, h('code', {}, event.eventId)),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h(
      'table',
      { class: 'outcomes' },
      h('caption', { class: 'visually-hidden' }, 'Outcome per consumer'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'consumer'), h('th', { scope: 'col' }, 'outcome'), h('th', { scope: 'col' }, 'note'))),
      h(
        'tbody',
        {},
        event.consumers.map((c) =>
          h('tr', { 'data-consumer': c.consumer }, h('th', { scope: 'row' }, c.consumer), h('td', {}, h('span', { class: `badge ${c.outcome}`, 'data-outcome': c.outcome }, c.outcome)), h('td', {}, note(c))),
        ),
      ),
    ),
    event.detail === undefined ? h('p', { class: 'hint' }, 'The detail was not recorded here.') : h('details', {}, h('summary', {}, 'detail'), h('pre', { class: 'json' }, JSON.stringify(event.detail, null, 2))),
  );
}

/** What `event-router trace` prints after the outcome: when, why, failed attempts and skipped duplicates. */
function note(c) {
  const extra = [c.failedAttempts > 0 ? `${c.failedAttempts} failed attempt(s)` : '', c.duplicatesSkipped > 0 ? `${c.duplicatesSkipped} duplicate(s) skipped` : ''].filter(Boolean).join(', ');
  return [c.at === undefined ? '' : `at ${c.at}`, c.reason ?? '', extra === '' ? '' : `(${extra})`].filter(Boolean).join(' · ');
}

import { api, h, replace } from './dom.js';

/** Event search: the trace of every event that matches the query, each consumer's outcome and the pretty-printed detail. */
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
      status.textContent = trace.events.length === 0 ? `No accepted event has the id, correlation id or entity “${query}”.` : `${trace.events.length} event(s) found.`;
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
  const facts = [
    ['eventId', event.eventId ?? '—'],
    ['EventBridge id', event.id],
    ['detail-type', event.detailType],
    ['source', event.source],
    ['bus', event.bus],
    ['accepted', event.time],
    ['correlation id', event.correlationId ?? '—'],
    ['entities', event.entities.join(', ') || '—'],
  ];
  return h(
    'article',
    { class: 'trace', 'data-event-id': event.eventId ?? event.id },
    h('h3', {}, `${event.detailType} `, h('code', {}, event.eventId ?? event.id)),
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
          h('tr', { 'data-consumer': c.consumer }, h('th', { scope: 'row' }, c.consumer), h('td', {}, h('span', { class: `badge ${c.outcome}`, 'data-outcome': c.outcome }, c.outcome)), h('td', {}, c.note ?? '')),
        ),
      ),
    ),
    h('details', {}, h('summary', {}, 'detail'), h('pre', { class: 'json' }, JSON.stringify(event.detail, null, 2))),
  );
}

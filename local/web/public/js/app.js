import { api } from './dom.js';
import { createTopologyView } from './topology-view.js';
import { createConsumersView } from './consumers-view.js';
import { createPublishForm } from './publish-form.js';
import { createSearchView } from './search-view.js';
import { createDlqView } from './dlq-view.js';

const connection = document.getElementById('connection');

async function main() {
  const topology = await api('/api/topology');
  const topologyView = createTopologyView(document.getElementById('topology-view'), topology);
  const dlq = createDlqView(topology.consumers);
  const consumersView = createConsumersView(document.querySelector('#consumers-table tbody'), topology.consumers, (consumer) => {
    void dlq.load(consumer);
    document.getElementById('dlq').scrollIntoView();
    document.getElementById('dlq-consumer').focus();
  });
  const search = createSearchView();
  performance.mark('event-router:first-render');
  document.body.dataset.rendered = 'true';

  const events = new EventSource('/events');
  let first = true;
  events.addEventListener('figures', (message) => {
    const started = performance.now();
    const snapshot = JSON.parse(message.data);
    topologyView.update(snapshot);
    consumersView.update(snapshot);
    // Timings the benchmark reads (bench/web.bench.ts): time to live data and the cost of one update.
    if (first) performance.mark('event-router:first-live');
    first = false;
    performance.measure('event-router:update', { start: started });
    connection.textContent = `live · ${new Date(snapshot.at).toLocaleTimeString()}`;
    connection.dataset.state = 'live';
    document.body.dataset.live = 'true';
  });
  events.addEventListener('error', () => {
    connection.textContent = 'disconnected: is npm start still running? Retrying…';
    connection.dataset.state = 'down';
  });
  await createPublishForm((answer) => search.search(answer.eventId));
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  connection.textContent = `The page could not load: ${error.message}`;
  connection.dataset.state = 'down';
});

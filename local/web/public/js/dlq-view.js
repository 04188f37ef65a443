import { api, h, replace } from './dom.js';

/**
 * The DLQ browser: `event-router dlq peek` of each of a consumer's DLQs (consumer, buffer, target), each message with its
 * reason; the selected ones go back with `event-router dlq redrive --queue <kind> --ids <ids>` after a confirmation.
 */
export function createDlqView(consumers) {
  const form = document.getElementById('dlq-form');
  const select = document.getElementById('dlq-consumer');
  const status = document.getElementById('dlq-status');
  const tbody = document.querySelector('#dlq-table tbody');
  const redrive = document.getElementById('dlq-redrive');
  const dialog = document.getElementById('redrive-dialog');
  const dialogText = document.getElementById('redrive-dialog-text');
  replace(select, consumers.map((name) => h('option', { value: name }, name)));
  let shown = '';

  const selected = () => [...tbody.querySelectorAll('input[type=checkbox]:checked')].map((box) => ({ queue: box.dataset.queue, id: box.value }));
  const refreshButton = () => {
    const count = selected().length;
    redrive.disabled = count === 0;
    redrive.textContent = count === 0 ? 'Redrive selected…' : `Redrive ${count} selected…`;
  };

  const load = async (consumer) => {
    shown = consumer;
    select.value = consumer;
    status.textContent = `Reading ${consumer}'s dead-letter queues…`;
    try {
      const { queues } = await api(`/api/dlq/${encodeURIComponent(consumer)}`);
      const messages = queues.flatMap((q) => q.messages.map((m) => ({ ...m, kind: q.queue, queueName: q.queueName })));
      status.textContent = messages.length === 0 ? `${consumer} has no parked messages.` : `${messages.length} parked message(s) of ${consumer}.`;
      replace(
        tbody,
        messages.map((m) => {
          const box = h('input', { type: 'checkbox', value: m.messageId, 'data-queue': m.kind, id: `dlq-select-${m.messageId}`, 'aria-label': `select message ${m.messageId}` });
          box.addEventListener('change', refreshButton);
          return h(
            'tr',
            { 'data-message-id': m.messageId },
            h('td', {}, box),
            h('td', {}, h('code', {}, m.messageId), h('details', {}, h('summary', {}, 'body'), h('pre', { class: 'json' }, pretty(m.body)))),
            h('td', { title: m.queueName }, `${m.kind} DLQ`),
            h('td', {}, m.eventId ?? '—', m.entity === undefined ? '' : h('div', { class: 'hint' }, `entity ${m.entity}${m.sequence === undefined ? '' : ` #${m.sequence}`}`)),
            h('td', { class: 'reason' }, reasonOf(m)),
            h('td', {}, [m.parkedAt, m.parkedBy && `by ${m.parkedBy}`, `received ${m.receiveCount}×`].filter(Boolean).join(' ')),
          );
        }),
      );
    } catch (error) {
      status.textContent = `Could not read the dead letters: ${error.message}`;
      replace(tbody);
    }
    refreshButton();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(select.value);
  });
  redrive.addEventListener('click', () => {
    const ids = selected();
    if (ids.length === 0) return;
    dialogText.textContent = `Move ${ids.length} message(s) of ${shown} back to the queue they failed from? The consumer will process them again (its dedupe table still skips any it already processed).`;
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('redrive-cancel').focus();
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'confirm') {
      status.textContent = 'Redrive cancelled.';
      redrive.focus();
      return;
    }
    const chosen = selected();
    status.textContent = `Redriving ${chosen.length} message(s)…`;
    try {
      // One `dlq redrive --queue <kind> --ids …` per DLQ the selection is in.
      const results = [];
      for (const queue of [...new Set(chosen.map((c) => c.queue))]) {
        results.push(await api(`/api/dlq/${encodeURIComponent(shown)}/redrive`, { queue, ids: chosen.filter((c) => c.queue === queue).map((c) => c.id) }));
      }
      await load(shown);
      const items = results.flatMap((r) => r.items);
      const redriven = items.filter((item) => item.status === 'redriven').length;
      const problems = [
        ...items.filter((item) => item.status === 'failed').map((item) => `${item.messageId} (${item.error})`),
        ...results.flatMap((r) => r.notFound.map((id) => `${id} (not in the DLQ any more)`)),
      ];
      status.textContent = `Redrove ${redriven} message(s).` + (problems.length > 0 ? ` Not moved: ${problems.join('; ')}` : '');
    } catch (error) {
      status.textContent = `Redrive failed: ${error.message}`;
    }
    redrive.focus();
  });
  return { load };
}

/** The reason as `event-router dlq peek` prints it. */
function reasonOf(m) {
  if (m.errorType === undefined && m.errorMessage === undefined) return m.parkedBy === 'redrive-policy' ? 'moved by the queue redrive policy after maxReceiveCount receives' : 'no reason attributes';
  return `${m.errorType ?? 'Error'}: ${m.errorMessage ?? ''}`;
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

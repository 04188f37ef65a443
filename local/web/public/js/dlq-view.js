import { api, h, replace } from './dom.js';

/** The DLQ browser: a consumer's parked messages with their reason; redrive the selected ones after a confirmation. */
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

  const selectedIds = () => [...tbody.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
  const refreshButton = () => {
    const count = selectedIds().length;
    redrive.disabled = count === 0;
    redrive.textContent = count === 0 ? 'Redrive selected…' : `Redrive ${count} selected…`;
  };

  const load = async (consumer) => {
    shown = consumer;
    select.value = consumer;
    status.textContent = `Reading ${consumer}'s dead-letter queues…`;
    try {
      const { messages } = await api(`/api/dlq/${encodeURIComponent(consumer)}`);
      status.textContent = messages.length === 0 ? `${consumer} has no parked messages.` : `${messages.length} parked message(s) of ${consumer}.`;
      replace(
        tbody,
        messages.map((m) => {
          const box = h('input', { type: 'checkbox', value: m.messageId, id: `dlq-select-${m.messageId}`, 'aria-label': `select message ${m.messageId}` });
          box.addEventListener('change', refreshButton);
          return h(
            'tr',
            { 'data-message-id': m.messageId },
            h('td', {}, box),
            h('td', {}, h('code', {}, m.messageId), h('details', {}, h('summary', {}, 'body'), h('pre', { class: 'json' }, pretty(m.body)))),
            h('td', {}, m.queue),
            h('td', {}, m.eventId ?? '—'),
            h('td', { class: 'reason' }, m.reason),
            h('td', {}, [m.parkedAt, m.parkedBy && `by ${m.parkedBy}`].filter(Boolean).join(' ') || '—'),
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
    const ids = selectedIds();
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
    const ids = selectedIds();
    status.textContent = `Redriving ${ids.length} message(s)…`;
    try {
      const result = await api(`/api/dlq/${encodeURIComponent(shown)}/redrive`, { messageIds: ids });
      await load(shown);
      status.textContent =
        `Redrove ${result.redriven.length} message(s).` + (result.failed.length > 0 ? ` Not moved: ${result.failed.map((f) => `${f.messageId} (${f.reason})`).join('; ')}` : '');
    } catch (error) {
      status.textContent = `Redrive failed: ${error.message}`;
    }
    redrive.focus();
  });
  return { load };
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

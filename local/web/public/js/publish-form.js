import { api, h, replace } from './dom.js';

/** The publish form: registered detail-types, example data, inline violations from the producers' validator. */
export async function createPublishForm(onPublished) {
  const form = document.getElementById('publish-form');
  const typeSelect = document.getElementById('publish-type');
  const versionSelect = document.getElementById('publish-version');
  const data = document.getElementById('publish-data');
  const correlation = document.getElementById('publish-correlation');
  const errors = document.getElementById('publish-errors');
  const result = document.getElementById('publish-result');
  const submit = document.getElementById('publish-submit');
  const types = await api('/api/types');
  replace(typeSelect, types.map((t) => h('option', { value: t.detailType }, `${t.detailType} (${t.source})`)));
  const selected = () => types.find((t) => t.detailType === typeSelect.value);

  const fillVersions = () => {
    const type = selected();
    replace(versionSelect, [...type.versions].reverse().map((v) => h('option', { value: v }, `v${v}`)));
  };
  const fillExample = async () => {
    const example = await api(`/api/example?detailType=${encodeURIComponent(typeSelect.value)}&version=${encodeURIComponent(versionSelect.value)}`);
    data.value = JSON.stringify(example.data, null, 2);
    await check();
  };

  const request = () => {
    let parsed;
    try {
      parsed = JSON.parse(data.value);
    } catch (error) {
      return { error: `Data is not JSON: ${error.message}` };
    }
    const body = { detailType: typeSelect.value, version: versionSelect.value, data: parsed };
    if (correlation.value.trim() !== '') body.correlationId = correlation.value.trim();
    return { body };
  };
  const showViolations = (answer) => {
    if (answer.ok) {
      replace(errors);
      data.removeAttribute('aria-invalid');
      return;
    }
    data.setAttribute('aria-invalid', 'true');
    const items = answer.violations.length > 0 ? answer.violations.map((v) => h('li', {}, h('code', {}, v.field), ` ${v.message} `, h('span', { class: 'muted' }, `[${v.rule}]`))) : [h('li', {}, answer.message)];
    replace(errors, items);
  };
  let checking = 0;
  const check = async () => {
    const ticket = ++checking;
    const { body, error } = request();
    if (error !== undefined) return showViolations({ ok: false, violations: [], message: error });
    try {
      const answer = await api('/api/validate', body);
      if (ticket === checking) showViolations(answer);
    } catch (failure) {
      if (ticket === checking) showViolations({ ok: false, violations: [], message: failure.message });
    }
  };
  let timer;
  data.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  typeSelect.addEventListener('change', async () => {
    fillVersions();
    await fillExample();
  });
  versionSelect.addEventListener('change', fillExample);
  document.getElementById('publish-example').addEventListener('click', fillExample);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, error } = request();
    if (error !== undefined) return showViolations({ ok: false, violations: [], message: error });
    submit.disabled = true;
    result.textContent = 'Publishing…';
    try {
      const answer = await api('/api/publish', body);
      showViolations(answer);
      if (answer.ok) {
        replace(result, 'Published: eventId ', h('code', { id: 'published-event-id' }, answer.eventId), ` (EventBridge id ${answer.id})`);
        onPublished(answer);
      } else result.textContent = 'Not published: fix the data above.';
    } catch (failure) {
      result.textContent = `Not published: ${failure.message}`;
    } finally {
      submit.disabled = false;
    }
  });
  fillVersions();
  await fillExample();
}

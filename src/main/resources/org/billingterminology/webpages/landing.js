// The landing page's client: everything it shows comes from the FHIR API of the server it was
// served by. Data is only ever put into the page as text (textContent), never as markup.
'use strict';

(function () {
  // the page is the FHIR base itself (/fhir or /fhir/, behind any proxy prefix)
  const BASE = location.pathname.replace(/\/+$/, '');
  const FHIR_JSON = 'application/fhir+json';
  const CPT = 'http://www.ama-assn.org/go/cpt';

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) {
        node.setAttribute(name, value);
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /** Text with its http(s) addresses and bare host/path sources made links, all as text nodes. */
  function linked(text) {
    const span = el('span');
    const pattern = /(https?:\/\/[^\s,;()]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|gov|ai|net|io)\/[^\s,;()]*)/gi;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      span.append(text.slice(last, match.index));
      const address = match[0].replace(/[.]+$/, '');
      const href = /^https?:/i.test(address) ? address : 'https://' + address;
      span.append(el('a', { href: href, rel: 'noreferrer noopener' }, address));
      last = match.index + address.length;
    }
    span.append(text.slice(last));
    return span;
  }

  class ApiError extends Error {
  }

  /** The messages of an OperationOutcome, or the status line when the answer is not one. */
  function problem(status, body) {
    if (body && body.resourceType === 'OperationOutcome' && Array.isArray(body.issue)) {
      const messages = body.issue.map(i => (i.details && i.details.text) || i.diagnostics || i.code).filter(Boolean);
      return new ApiError(messages.join(' ') || 'HTTP ' + status);
    }
    return new ApiError('HTTP ' + status);
  }

  async function call(path, options) {
    let response;
    try {
      response = await fetch(BASE + path, Object.assign({ headers: { Accept: FHIR_JSON } }, options));
    } catch (e) {
      throw new ApiError('The server could not be reached: ' + e.message);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // not JSON: the status says enough
    }
    if (!response.ok) {
      throw problem(response.status, body);
    }
    return body;
  }

  function entries(bundle) {
    return ((bundle && bundle.entry) || []).map(e => e.resource).filter(Boolean);
  }

  /** A search, following next links so that nothing is left out. */
  async function searchAll(type, query) {
    const found = [];
    let bundle = await call('/' + type + '?' + query);
    found.push(...entries(bundle));
    for (let pages = 0; pages < 20; pages++) {
      const next = ((bundle && bundle.link) || []).find(l => l.relation === 'next');
      if (!next) {
        break;
      }
      const url = new URL(next.url, location.href);
      bundle = await call(url.pathname.slice(url.pathname.indexOf('/fhir') + 5) + url.search);
      found.push(...entries(bundle));
    }
    return found;
  }

  function fillTable(table, rows) {
    const body = table.tBodies[0];
    body.replaceChildren(...rows.map(cells => el('tr', null, cells.map((cell, i) => el(i === 0 ? 'th' : 'td',
      i === 0 ? { scope: 'row' } : null, cell)))));
  }

  function countConcepts(concepts) {
    return (concepts || []).reduce((n, c) => n + 1 + countConcepts(c.concept), 0);
  }

  /** The count a code system states, or else the concepts it holds (the shipped fragments are small). */
  async function conceptCount(codeSystem) {
    if (typeof codeSystem.count === 'number') {
      return codeSystem.count;
    }
    const full = await call('/CodeSystem/' + encodeURIComponent(codeSystem.id) + '?_elements=concept');
    return countConcepts(full.concept);
  }

  function label(resource) {
    return resource.title || resource.name || resource.url || resource.id;
  }

  function codeText(coding) {
    return coding.code + (coding.display ? ' (' + coding.display + ')' : '');
  }

  function payerOf(definition) {
    const context = (definition.useContext || []).find(c => c.valueReference);
    return context ? context.valueReference : null;
  }

  function showPayerNotes(definitions, payerNames) {
    const groups = new Map();
    for (const definition of definitions) {
      const payer = payerOf(definition);
      const name = payer ? (payerNames.get(payer.reference) || payer.display || payer.reference) : 'Every payer (coding rules)';
      if (!groups.has(name)) {
        groups.set(name, []);
      }
      groups.get(name).push(definition);
    }
    const names = [...groups.keys()].sort((a, b) => a.startsWith('Every') ? -1 : b.startsWith('Every') ? 1 : a.localeCompare(b));
    document.getElementById('payer-notes').replaceChildren(...names.map(name => el('div', { class: 'payer' },
      el('h4', null, name),
      el('ul', null, groups.get(name).map(d => el('li', null,
        el('a', { href: BASE + '/ChargeItemDefinition/' + encodeURIComponent(d.id) }, label(d)),
        ' — codes ', ((d.code && d.code.coding) || []).map(c => c.code).join(', ') || 'none',
        d.version ? ', version ' + d.version : ''))))));
  }

  async function loadHosted() {
    const status = document.getElementById('hosted-status');
    try {
      const [codeSystems, valueSets, definitions, payers] = await Promise.all([
        searchAll('CodeSystem', '_elements=url,version,name,title,content,count,supplements,property&_count=100'),
        searchAll('ValueSet', '_elements=url,version,name,title,status&_count=100'),
        searchAll('ChargeItemDefinition', '_elements=url,version,title,code,useContext&_count=100'),
        searchAll('Organization', '_elements=name&_count=100')]);
      const counts = await Promise.all(codeSystems.map(cs => conceptCount(cs).catch(() => 'unknown')));
      fillTable(document.getElementById('code-systems'), codeSystems.map((cs, i) => [label(cs), cs.url, cs.version || '',
        cs.content === 'supplement' ? 'supplement of ' + cs.supplements : cs.content, String(counts[i])]));
      fillTable(document.getElementById('value-sets'), valueSets.map(vs => [label(vs), vs.url, vs.version || '', vs.status]));
      const payerNames = new Map(payers.map(p => ['Organization/' + p.id, p.name || p.id]));
      showPayerNotes(definitions, payerNames);
      status.textContent = codeSystems.length + ' code systems, ' + valueSets.length + ' value sets, '
        + definitions.length + ' payer notes and rule sets.';
      // what each property means, for the code browser: a code system's own definition, else its supplement's
      const own = codeSystems.filter(cs => cs.content !== 'supplement');
      for (const cs of codeSystems.filter(c => c.content === 'supplement').concat(own)) {
        const system = cs.content === 'supplement' ? String(cs.supplements).split('|')[0] : cs.url;
        (cs.property || []).filter(p => p.description).forEach(p => meanings.set(system + '|' + p.code, p.description));
      }
      fillSystems(codeSystems.filter(cs => cs.content !== 'supplement'));
      fillPayers(payers);
    } catch (e) {
      status.textContent = 'Could not read what is hosted: ' + e.message;
      status.className = 'error';
    }
  }

  let systems = [{ url: CPT, name: 'CPT' }];

  const meanings = new Map();

  function systemName(cs) {
    const text = label(cs);
    return /hcpcs/i.test(text + cs.url) ? 'HCPCS' : /cpt/i.test(text + cs.url) ? 'CPT' : text;
  }

  function systemOptions(selected) {
    return systems.map(s => el('option', s.url === selected ? { value: s.url, selected: '' } : { value: s.url }, s.name));
  }

  function fillSystems(codeSystems) {
    const seen = new Map();
    for (const cs of codeSystems) {
      if (!seen.has(cs.url)) {
        seen.set(cs.url, { url: cs.url, name: systemName(cs) });
      }
    }
    if (seen.size > 0) {
      systems = [...seen.values()].sort((a, b) => (a.url === CPT ? -1 : b.url === CPT ? 1 : a.name.localeCompare(b.name)));
    }
    document.getElementById('lookup-system').replaceChildren(...systemOptions(CPT));
    for (const select of document.querySelectorAll('#claim-lines select.line-system')) {
      select.replaceChildren(...systemOptions(select.value || CPT));
    }
  }

  function fillPayers(payers) {
    const select = document.getElementById('claim-payer');
    select.append(...payers.map(p => el('option', { value: 'Organization/' + p.id }, p.name || p.id)));
  }

  // ---- the code browser ----

  function parts(parameter, name) {
    return (parameter.part || []).filter(p => p.name === name);
  }

  function valueOf(parameter) {
    const key = Object.keys(parameter).find(k => k.startsWith('value'));
    if (!key) {
      return '';
    }
    const value = parameter[key];
    if (value && typeof value === 'object') {
      return value.code ? codeText(value) : JSON.stringify(value);
    }
    return String(value);
  }

  function first(parameter, name) {
    const part = parts(parameter, name)[0];
    return part ? valueOf(part) : '';
  }

  function errorBox(message) {
    return el('p', { class: 'error', role: 'alert' }, message);
  }

  async function lookUp(event) {
    event.preventDefault();
    const out = document.getElementById('lookup-result');
    const system = document.getElementById('lookup-system').value || CPT;
    const code = document.getElementById('lookup-code').value.trim();
    if (!code) {
      return;
    }
    out.replaceChildren(el('p', { role: 'status' }, 'Looking up ' + code + '…'));
    let answer;
    try {
      answer = await call('/CodeSystem/$lookup?system=' + encodeURIComponent(system) + '&code=' + encodeURIComponent(code));
    } catch (e) {
      out.replaceChildren(errorBox(e.message));
      return;
    }
    const top = (answer.parameter || []);
    const get = name => { const p = top.find(x => x.name === name); return p ? valueOf(p) : ''; };
    const properties = top.filter(p => p.name === 'property');
    const designations = top.filter(p => p.name === 'designation');
    const result = el('article', { class: 'lookup', 'aria-labelledby': 'lookup-heading' },
      el('h3', { id: 'lookup-heading' }, el('span', { class: 'code' }, code), ' ', el('span', { id: 'lookup-display' }, get('display'))),
      el('dl', null, el('dt', null, 'Code system'), el('dd', null, get('name') + ' (' + system + ')'),
        get('version') ? [el('dt', null, 'Version'), el('dd', null, get('version'))] : null,
        get('definition') ? [el('dt', null, 'Definition'), el('dd', null, get('definition'))] : null),
      el('h4', null, 'Properties'),
      properties.length === 0 ? el('p', null, 'None.') : el('table', { id: 'lookup-properties' },
        el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Property'), el('th', { scope: 'col' }, 'Value'),
          el('th', { scope: 'col' }, 'Meaning'))),
        el('tbody', null, properties.map(p => el('tr', null, el('th', { scope: 'row' }, first(p, 'code')),
          el('td', null, first(p, 'value')), el('td', null, first(p, 'description') || meanings.get(system + '|' + first(p, 'code')) || ''))))),
      el('h4', null, 'Designations'),
      designations.length === 0 ? el('p', null, 'None.') : el('table', { id: 'lookup-designations' },
        el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Use'), el('th', { scope: 'col' }, 'Language'),
          el('th', { scope: 'col' }, 'Value'))),
        el('tbody', null, designations.map(d => el('tr', null, el('td', null, first(d, 'use')),
          el('td', null, first(d, 'language')), el('td', null, first(d, 'value')))))),
      el('h4', null, 'Payer notes that name ' + code),
      el('div', { id: 'lookup-notes' }, el('p', null, 'Searching…')));
    out.replaceChildren(result);
    try {
      const notes = await searchAll('ChargeItemDefinition', 'code=' + encodeURIComponent(system + '|' + code)
        + '&_elements=url,version,title,description,useContext&_count=100');
      document.getElementById('lookup-notes').replaceChildren(notes.length === 0 ? el('p', null, 'None.')
        : el('ul', null, notes.map(n => el('li', null,
          el('a', { href: BASE + '/ChargeItemDefinition/' + encodeURIComponent(n.id) }, label(n)),
          payerOf(n) ? ' — ' + (payerOf(n).display || payerOf(n).reference) : ' — every payer',
          n.description ? el('details', null, el('summary', null, 'What it says'),
            el('p', { class: 'note' }, n.description)) : null))));
    } catch (e) {
      document.getElementById('lookup-notes').replaceChildren(errorBox(e.message));
    }
  }

  // ---- the claim check ----

  let lineCount = 0;

  function addLine(values) {
    const v = values || {};
    lineCount++;
    const n = lineCount;
    const input = (cls, labelText, value, extra) => el('input', Object.assign({ class: cls, 'aria-label': 'Line ' + n + ' ' + labelText,
      value: value || '', autocomplete: 'off', spellcheck: 'false' }, extra || {}));
    const remove = el('button', { type: 'button', class: 'remove', 'aria-label': 'Remove line ' + n }, '×');
    const row = el('tr', { 'data-line': String(n) },
      el('td', { class: 'sequence' }, String(n)),
      el('td', null, el('select', { class: 'line-system', 'aria-label': 'Line ' + n + ' code system' }, systemOptions(v.system || CPT))),
      el('td', null, input('line-code', 'code', v.code, { placeholder: '77003', required: '' })),
      el('td', null, input('line-modifiers', 'modifiers, separated by commas', v.modifiers, { placeholder: '26, XS' })),
      el('td', null, input('line-units', 'units', v.units, { inputmode: 'numeric', size: '3' })),
      el('td', null, input('line-place', 'place of service', v.place, { inputmode: 'numeric', size: '4', placeholder: '24' })),
      el('td', null, input('line-date', 'date of service', v.date, { placeholder: 'YYYY-MM-DD', size: '10' })),
      el('td', null, remove));
    remove.addEventListener('click', () => row.remove());
    document.querySelector('#claim-lines tbody').append(row);
    return row;
  }

  function fillExample() {
    document.querySelector('#claim-lines tbody').replaceChildren();
    lineCount = 0;
    // the source report's vignette: a lumbar transforaminal epidural injection with 77003-26, at an ASC
    addLine({ code: '64483', place: '24', date: '2026-03-02' });
    addLine({ code: '77003', modifiers: '26', place: '24', date: '2026-03-02' });
    document.getElementById('claim-payer').value = 'Organization/medicare';
  }

  function claimParameters() {
    const parameter = [];
    for (const row of document.querySelectorAll('#claim-lines tbody tr')) {
      const field = cls => row.querySelector('.' + cls).value.trim();
      if (!field('line-code')) {
        continue;
      }
      const part = [{ name: 'sequence', valuePositiveInt: Number(row.dataset.line) },
        { name: 'code', valueCoding: { system: row.querySelector('.line-system').value || CPT, code: field('line-code') } }];
      for (const modifier of field('line-modifiers').split(/[\s,]+/).filter(Boolean)) {
        part.push({ name: 'modifier', valueCoding: { code: modifier } });
      }
      if (field('line-units')) {
        part.push({ name: 'units', valuePositiveInt: Number(field('line-units')) });
      }
      if (field('line-place')) {
        part.push({ name: 'placeOfService', valueCoding: { code: field('line-place') } });
      }
      if (field('line-date')) {
        part.push({ name: 'serviced', valueDate: field('line-date') });
      }
      parameter.push({ name: 'line', part: part });
    }
    const payer = document.getElementById('claim-payer').value;
    if (payer) {
      parameter.push({ name: 'payer', valueReference: { reference: payer } });
    }
    const date = document.getElementById('claim-date').value.trim();
    if (date) {
      parameter.push({ name: 'date', valueDate: date });
    }
    return { resourceType: 'Parameters', parameter: parameter };
  }

  const words = code => String(code).replace(/-/g, ' ');

  function showFinding(finding) {
    const related = parts(finding, 'related').map(valueOf);
    return el('li', { class: 'finding severity-' + first(finding, 'severity') },
      el('p', null, el('strong', null, first(finding, 'severity')), ' — ', el('span', { class: 'verdict-text' }, words(first(finding, 'verdict'))),
        ': ', first(finding, 'message')),
      el('dl', null,
        el('dt', null, 'Rule'), el('dd', null, el('code', null, first(finding, 'rule'))),
        el('dt', null, 'Evidence'), el('dd', null, words(first(finding, 'evidence'))),
        related.length ? [el('dt', null, 'Related lines'), el('dd', null, related.join(', '))] : null,
        el('dt', null, 'Source'), el('dd', { class: 'source' }, linked(first(finding, 'source')))));
  }

  function showLine(line) {
    const sequence = first(line, 'sequence');
    const verdict = first(line, 'verdict');
    const findings = parts(line, 'finding');
    const notChecked = parts(line, 'notChecked').map(valueOf);
    const applied = parts(line, 'rulesApplied').map(valueOf);
    return el('article', { class: 'line verdict-' + verdict, 'data-sequence': sequence, 'aria-labelledby': 'line-' + sequence },
      el('h4', { id: 'line-' + sequence }, 'Line ' + sequence + ': ' + first(line, 'code') + ' — ',
        el('span', { class: 'verdict' }, words(verdict))),
      findings.length ? el('ul', { class: 'findings' }, findings.map(showFinding)) : el('p', null, 'No findings.'),
      notChecked.length ? el('details', null, el('summary', null, 'Not checked (' + notChecked.length + ')'),
        el('ul', null, notChecked.map(n => el('li', null, n)))) : null,
      applied.length ? el('p', { class: 'applied' }, 'Rules applied: ', applied.join(', ')) : null);
  }

  async function checkClaim(event) {
    event.preventDefault();
    const out = document.getElementById('claim-result');
    const body = claimParameters();
    if (!body.parameter.some(p => p.name === 'line')) {
      out.replaceChildren(errorBox('Give at least one line with a code.'));
      return;
    }
    out.replaceChildren(el('p', { role: 'status' }, 'Checking…'));
    let answer;
    try {
      answer = await call('/Claim/$billing-check', { method: 'POST', body: JSON.stringify(body),
        headers: { Accept: FHIR_JSON, 'Content-Type': FHIR_JSON } });
    } catch (e) {
      out.replaceChildren(errorBox(e.message));
      return;
    }
    const top = answer.parameter || [];
    const result = top.find(p => p.name === 'result');
    const passed = result && result.valueBoolean === true;
    out.replaceChildren(el('h3', { id: 'claim-verdict', class: passed ? 'passed' : 'failed' },
      passed ? 'No line is refused as coded (see any reviews below)' : 'At least one line is not billable as coded'),
      ...top.filter(p => p.name === 'line').map(showLine));
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('lookup-system').replaceChildren(...systemOptions(CPT));
    document.getElementById('lookup-form').addEventListener('submit', lookUp);
    document.getElementById('claim-form').addEventListener('submit', checkClaim);
    document.getElementById('add-line').addEventListener('click', () => addLine());
    document.getElementById('example-claim').addEventListener('click', fillExample);
    addLine();
    addLine();
    loadHosted();
  });
})();

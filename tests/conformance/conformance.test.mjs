// Conformance suite for Inspraak API v1: run it against any backend that claims to be compatible.
//
//   INSPRAAK_BASE_URL=https://inspraak.example.nl INSPRAAK_ADMIN_TOKEN=… node --test tests/conformance/
//
// It creates its own polls, quick scans, progress and challenge forms through the admin API (ids start with
// "conformance-" and a random suffix), so it can run against a live server without touching other data. INSPRAAK_ORIGIN names a page
// origin the server allows (CORS); without it the CORS check uses http://127.0.0.1:9.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

const base = process.env.INSPRAAK_BASE_URL?.replace(/\/$/, '');
const token = process.env.INSPRAAK_ADMIN_TOKEN;
const origin = process.env.INSPRAAK_ORIGIN ?? 'http://127.0.0.1:9';
if (!base || !token) {
  throw new Error('set INSPRAAK_BASE_URL (the server, without /v1) and INSPRAAK_ADMIN_TOKEN');
}
const run = randomBytes(4).toString('hex');
const id = (name) => `conformance-${name}-${run}`;
const voter = () => randomBytes(16).toString('hex');

async function call(method, path, { body, headers = {}, admin = false } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(admin ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: response.status, headers: response.headers, text, json };
}

/** Every answer carries API-Version; every error is RFC 9457 problem+json with type, title and status. */
function expectProblem(reply, status) {
  assert.equal(reply.status, status, reply.text);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(typeof reply.json?.title, 'string');
  assert.equal(reply.json.status, status);
  assert.ok(reply.headers.get('api-version'), 'API-Version header');
  return reply.json;
}

const vote = (poll, choices, headers = {}, who = voter()) =>
  call('POST', `/v1/polls/${poll}/votes`, { body: { choices, voter: who }, headers });

async function createPoll(name, extra = {}) {
  const reply = await call('POST', '/v1/admin/polls', {
    admin: true,
    body: { id: id(name), question: 'Conformance?', options: [{ id: 'ja', label: 'Ja' }, { id: 'nee', label: 'Nee' }], ...extra },
  });
  assert.equal(reply.status, 201, reply.text);
  return reply.json;
}

describe('API v1 conformance', () => {
  before(async () => {
    const doc = await call('GET', '/v1/openapi.json');
    assert.equal(doc.status, 200, 'the OpenAPI document is served without authentication');
    assert.match(doc.json.openapi, /^3\./);
  });

  test('a poll is served with its options, choice mode and status, with API-Version', async () => {
    const created = await createPoll('read');
    const reply = await call('GET', `/v1/polls/${created.id}`);
    assert.equal(reply.status, 200);
    assert.ok(reply.headers.get('api-version'));
    assert.deepEqual(reply.json.options.map((o) => o.id), ['ja', 'nee']);
    assert.equal(reply.json.choice, 'single');
    assert.equal(reply.json.max_choices, 1);
    assert.equal(reply.json.status, 'open');
    expectProblem(await call('GET', `/v1/polls/${id('missing')}`), 404);
  });

  test('a vote is 201 with results; the same voter again is 409', async () => {
    const poll = await createPoll('vote');
    const who = voter();
    const first = await vote(poll.id, ['ja'], {}, who);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.results.voters, 1);
    const again = await vote(poll.id, ['nee'], {}, who);
    expectProblem(again, 409);
  });

  test('invalid votes are 422 naming the field; unreadable JSON is 400; not JSON is 415', async () => {
    const poll = await createPoll('invalid');
    for (const [choices, field] of [[['misschien'], 'choices[0]'], [['ja', 'nee'], 'choices'], [[], 'choices']]) {
      const problem = expectProblem(await vote(poll.id, choices), 422);
      assert.ok(problem.invalidParams.some((p) => p.name === field), `${field} in ${JSON.stringify(problem)}`);
    }
    const wrongType = expectProblem(await call('POST', `/v1/polls/${poll.id}/votes`, { body: { choices: [1], voter: voter() } }), 422);
    assert.equal(wrongType.invalidParams[0].name, 'choices[0]');
    const empty = expectProblem(await call('POST', `/v1/polls/${poll.id}/votes`, { body: '' }), 422);
    assert.ok(empty.invalidParams.length > 0);
    // A body that is not JSON at all cannot be read: a 400 (the Dutch API Design Rules, invalid input).
    expectProblem(await call('POST', `/v1/polls/${poll.id}/votes`, { body: '{"choices": [' }), 400);
    expectProblem(await call('POST', `/v1/polls/${poll.id}/votes`, { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  });

  test('a closed poll refuses votes with 409 or 410', async () => {
    const poll = await createPoll('closed', { closes_at: '2020-01-01T00:00:00Z' });
    const reply = await vote(poll.id, ['ja']);
    assert.ok([409, 410].includes(reply.status), reply.text);
    expectProblem(reply, reply.status);
  });

  test('a retried vote with the same Idempotency-Key is stored once; another body under it is refused', async () => {
    const poll = await createPoll('idem');
    const who = voter();
    const key = `conformance-${randomBytes(8).toString('hex')}`;
    const first = await vote(poll.id, ['ja'], { 'idempotency-key': key }, who);
    const retry = await vote(poll.id, ['ja'], { 'idempotency-key': key }, who);
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201, 'a retry gets the first answer, not a 409');
    assert.deepEqual(retry.json, first.json);
    const other = await vote(poll.id, ['nee'], { 'idempotency-key': key });
    assert.ok(other.status === 422 || other.status === 409, other.text);
    const results = await call('GET', `/v1/admin/polls/${poll.id}/results`, { admin: true });
    assert.equal(results.json.voters, 1);
  });

  test('results follow the poll setting: hidden is 403, after voting visible to the voter', async () => {
    const afterVote = await createPoll('after-vote', { results: 'after_vote' });
    const never = await createPoll('never', { results: 'never' });
    expectProblem(await call('GET', `/v1/polls/${afterVote.id}/results`), 403);
    const who = voter();
    await vote(afterVote.id, ['ja'], {}, who);
    const own = await call('GET', `/v1/polls/${afterVote.id}/results`, { headers: { 'inspraak-voter': who } });
    assert.equal(own.status, 200);
    assert.equal(own.json.options.find((o) => o.id === 'ja').votes, 1);
    await vote(never.id, ['ja']);
    expectProblem(await call('GET', `/v1/polls/${never.id}/results`), 403);
  });

  test('the admin API refuses a missing or wrong token', async () => {
    expectProblem(await call('GET', '/v1/admin/polls'), 401);
    expectProblem(await call('GET', '/v1/admin/polls', { headers: { authorization: 'Bearer wrong' } }), 401);
  });

  test('CORS: a JSON POST preflight from an allowed origin is answered, others are not allowed', async () => {
    const poll = await createPoll('cors');
    const preflight = (from) => fetch(`${base}/v1/polls/${poll.id}/votes`, {
      method: 'OPTIONS',
      headers: { origin: from, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    const allowed = await preflight(origin);
    assert.ok(allowed.status < 300, `preflight answered ${allowed.status}`);
    assert.equal(allowed.headers.get('access-control-allow-origin'), origin);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /idempotency-key/i);
    const refused = await preflight('https://not-a-municipality.invalid');
    assert.notEqual(refused.headers.get('access-control-allow-origin'), 'https://not-a-municipality.invalid');
  });

  test('voting codes: a poll that requires one takes each code once; a missing or unknown code is 422', async () => {
    const poll = await createPoll('codes', { requires_code: true });
    assert.equal(poll.requires_code, true);
    const made = await call('POST', `/v1/admin/polls/${poll.id}/codes`, { admin: true, body: { count: 2 } });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.codes.length, 2);
    const [code] = made.json.codes;
    const missing = expectProblem(await vote(poll.id, ['ja']), 422);
    assert.equal(missing.invalidParams[0].name, 'code');
    const unknown = expectProblem(await call('POST', `/v1/polls/${poll.id}/votes`,
      { body: { choices: ['ja'], voter: voter(), code: 'ABCD-EFGH-JKMN' } }), 422);
    assert.equal(unknown.invalidParams[0].name, 'code');
    const first = await call('POST', `/v1/polls/${poll.id}/votes`, { body: { choices: ['ja'], voter: voter(), code } });
    assert.equal(first.status, 201, first.text);
    expectProblem(await call('POST', `/v1/polls/${poll.id}/votes`, { body: { choices: ['nee'], voter: voter(), code } }), 409);
    const counts = await call('GET', `/v1/admin/polls/${poll.id}/codes`, { admin: true });
    assert.deepEqual([counts.json.issued, counts.json.used], [2, 1]);
  });

  test('progress: all seven subgoals, each with its latest status and the one before', async () => {
    const municipality = id('gemeente');
    const record = (measurements, name) => call('POST', `/v1/admin/progress/${municipality}/measurements`, {
      admin: true, body: { ...(name ? { name } : {}), measurements },
    });
    assert.equal((await record([{ subgoal: 3, status: 'explored', measured_on: '2025-01-01' }], 'Gemeente Conformance')).status, 201);
    assert.equal((await record([{ subgoal: 3, status: 'embedded', measured_on: '2026-01-01' }])).status, 201);
    const reply = await call('GET', `/v1/progress/${municipality}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.json.subgoals.length, 7);
    const third = reply.json.subgoals.find((s) => s.subgoal === 3);
    assert.equal(third.status, 'embedded');
    assert.deepEqual(third.previous, { status: 'explored', measured_on: '2025-01-01' });
    expectProblem(await record([{ subgoal: 9, status: 'explored', measured_on: '2026-01-01' }]), 422);
    expectProblem(await call('GET', `/v1/progress/${id('nowhere')}`), 404);
  });

  test('quick scan: a response is 201 with scores per theme, stored once per Idempotency-Key, 422 naming fields', async () => {
    const scan = id('scan');
    const created = await call('POST', '/v1/admin/quickscans', {
      admin: true,
      body: { id: scan, title: { nl: 'Conformance' }, round: { id: 'r1', name: 'Ronde 1' }, min_group: 2 },
    });
    assert.equal(created.status, 201, created.text);
    const read = await call('GET', `/v1/quickscans/${scan}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.round.status, 'open');
    assert.ok(read.json.themes.length >= 1, 'a scan without themes gets the default questionnaire');
    const theme = read.json.themes[0];
    const statement = theme.statements[0].id;

    const body = { role: 'inwoner', statements: { [statement]: 'agree' }, fill_seconds: 60 };
    const headers = { 'idempotency-key': `conformance-${run}-scan` };
    const first = await call('POST', `/v1/quickscans/${scan}/responses`, { body, headers });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.scores.find((s) => s.theme === theme.id).score, 4);
    const again = await call('POST', `/v1/quickscans/${scan}/responses`, { body, headers });
    assert.equal(again.status, 201);
    assert.deepEqual(again.json, first.json);
    expectProblem(await call('POST', `/v1/quickscans/${scan}/responses`,
      { body: { ...body, role: 'raadslid' }, headers }), 422);
    const results = await call('GET', `/v1/quickscans/${scan}/results`);
    assert.equal(results.json.respondents, 1, 'a retried response is stored once');
    assert.equal(results.json.themes[0].all, undefined, 'no average below min_group');

    const invalid = expectProblem(await call('POST', `/v1/quickscans/${scan}/responses`,
      { body: { statements: { [statement]: 'agree', 'no-such-statement': 'agree' }, fill_seconds: 60 } }), 422);
    const names = invalid.invalidParams.map((p) => p.name);
    assert.ok(names.includes('role') && names.includes('statements.no-such-statement'), names.join(', '));
    expectProblem(await call('GET', `/v1/quickscans/${id('nowhere')}`), 404);
  });

  test('quick scan: a draft is kept behind a code; a closed round refuses responses with 409', async () => {
    const scan = id('rounds');
    const created = await call('POST', '/v1/admin/quickscans', {
      admin: true,
      body: { id: scan, title: { nl: 'Conformance' }, round: { id: 'r1', name: 'Ronde 1' } },
    });
    assert.equal(created.status, 201, created.text);
    const statement = created.json.themes[0].statements[0].id;
    const draft = { answers: { role: 'ambtenaar', statements: { [statement]: 'neutral' } }, step: 1 };
    const saved = await call('POST', `/v1/quickscans/${scan}/drafts`, { body: draft });
    assert.equal(saved.status, 201, saved.text);
    // Twelve characters, sent back in a header (never in the URL), and no cache keeps the answers.
    assert.match(saved.json.code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(saved.headers.get('cache-control'), 'no-store');
    const resume = (code) => call('GET', `/v1/quickscans/${scan}/draft`, { headers: { 'inspraak-resume-code': code } });
    const loaded = await resume(saved.json.code);
    assert.equal(loaded.status, 200);
    assert.equal(loaded.headers.get('cache-control'), 'no-store');
    assert.deepEqual(loaded.json.answers, draft.answers);
    expectProblem(await resume(saved.json.code === 'AAAA-AAAA-AAAA' ? 'BBBB-BBBB-BBBB' : 'AAAA-AAAA-AAAA'), 404);
    expectProblem(await call('GET', `/v1/quickscans/${scan}/draft`), 422);

    const closed = await call('POST', `/v1/admin/quickscans/${scan}/rounds/r1/close`, { admin: true });
    assert.equal(closed.status, 200, closed.text);
    expectProblem(await call('POST', `/v1/quickscans/${scan}/responses`,
      { body: { role: 'inwoner', statements: { [statement]: 'agree' }, fill_seconds: 60 } }), 409);
  });

  // Right to Challenge (Uitdaagrecht): a form, uploads judged by content, and applications with reference numbers.
  const today = () => {
    const now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  };
  const inDays = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
  const application = (extra = {}) => ({
    initiative: { title: 'Groen in de wijk', task: 'groen', task_other: '', area: 'Noord' },
    plan: { what: 'Onderhoud', why_better: 'Dichtbij', social_value: 'Samen' },
    organisation: { name: 'Buurtvereniging', type: 'vereniging', type_other: '', kvk: '12345678', experience: 'Jaren', address: 'Lindenlaan 1', postcode: '1234 AB', place: 'Voorbeeld' },
    support: { supporters: 25, how_shown: 'Handtekeningen', attachments: [] },
    costs: { estimate: '€ 12.500,50', budget: '10.000', start_date: inDays(30), term_months: 12 },
    cooperation: { support_needed: 'Gereedschap', quality: 'Schouw', continuity: 'Vaste groep' },
    contact: { name: 'Conformance', email: 'conformance@example.nl', phone: '06-12345678', address: 'Lindenlaan 12', postcode: '1234 ab', place: 'Voorbeeld', authorised: true, consent: true },
    website: '',
    fill_seconds: 120,
    ...extra,
  });
  async function createChallengeForm(name, extra = {}) {
    const form = id(name);
    const reply = await call('PUT', `/v1/admin/challenge-forms/${form}`, {
      admin: true,
      body: {
        id: form, municipality: 'Gemeente Conformance', tasks: [{ id: 'groen', label: 'Groenonderhoud' }],
        privacy_url: 'https://example.nl/privacy', contact_email: 'vragen@example.nl', decision_weeks: 6,
        max_attachment_bytes: 4096, max_attachments: 2, ...extra,
      },
    });
    assert.ok([200, 201].includes(reply.status), reply.text);
    return form;
  }
  const submit = (form, body, headers = {}) => call('POST', `/v1/challenge-forms/${form}/submissions`, { body, headers });

  test('challenge: the form is public; a valid application gets a reference, date and decision deadline', async () => {
    const form = await createChallengeForm('challenge');
    const read = await call('GET', `/v1/challenge-forms/${form}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.municipality, 'Gemeente Conformance');
    assert.deepEqual(read.json.tasks.map((t) => t.id), ['groen']);
    assert.equal(read.json.decision_weeks, 6);
    expectProblem(await call('GET', `/v1/challenge-forms/${id('no-form')}`), 404);

    const first = await submit(form, application());
    assert.equal(first.status, 201, first.text);
    const year = Number(first.json.submitted_on.slice(0, 4));
    assert.match(first.json.reference, new RegExp(`^UR-${year}-\\d{4,}$`));
    assert.ok(Math.abs(Date.parse(first.json.submitted_on) - Date.parse(today())) <= 86400000, first.json.submitted_on);
    const weeks = (Date.parse(first.json.decision_by) - Date.parse(first.json.submitted_on)) / (7 * 86400000);
    assert.equal(weeks, 6);
    const second = await submit(form, application());
    const number = (r) => Number(r.json.reference.split('-')[2]);
    assert.equal(number(second), number(first) + 1, 'references are consecutive per form');
  });

  test('challenge: an invalid application is 422 naming each field by its path', async () => {
    const form = await createChallengeForm('challenge-invalid');
    const body = application({ website: 'spam', fill_seconds: 1 });
    body.costs = { ...body.costs, estimate: '12,500.50', start_date: '2000-01-01' };
    body.contact = { ...body.contact, postcode: '0123 AB', consent: false };
    const problem = expectProblem(await submit(form, body), 422);
    const got = problem.invalidParams.map((p) => `${p.name}:${p.code}`);
    for (const expected of ['costs.estimate:ambiguous', 'costs.start_date:in_past', 'contact.postcode:format',
      'contact.consent:required', 'website:not_empty', 'fill_seconds:too_fast']) {
      assert.ok(got.includes(expected), `${expected} in ${got}`);
    }
    const empty = expectProblem(await submit(form, {}), 422);
    assert.ok(empty.invalidParams.some((p) => p.name === 'initiative.title'));
  });

  test('challenge: a retried application with the same Idempotency-Key is stored once', async () => {
    const form = await createChallengeForm('challenge-idem');
    const key = `conformance-${randomBytes(8).toString('hex')}`;
    const first = await submit(form, application(), { 'idempotency-key': key });
    const retry = await submit(form, application(), { 'idempotency-key': key });
    assert.equal(first.status, 201, first.text);
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.json, first.json);
    const other = await submit(form, application({ fill_seconds: 999 }), { 'idempotency-key': key });
    assert.ok(other.status === 422 || other.status === 409, other.text);
    const list = await call('GET', `/v1/admin/challenge-forms/${form}/submissions`, { admin: true });
    assert.equal(list.status, 200);
    assert.equal(list.json.length, 1);
  });

  test('challenge: attachments are judged by content; the application refers to them by id', async () => {
    const form = await createChallengeForm('challenge-files');
    const upload = (bytes, type, name) => fetch(`${base}/v1/challenge-forms/${form}/attachments`, {
      method: 'POST',
      headers: { 'content-type': type, ...(name ? { 'content-disposition': `attachment; filename="${name}"` } : {}) },
      body: bytes,
    }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() })).then((r) => ({ ...r, json: r.text ? JSON.parse(r.text) : undefined }));
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const lying = await upload(pdf, 'image/png', 'foto.png');
    assert.ok([415, 422].includes(lying.status), lying.text);
    expectProblem(lying, lying.status);
    assert.equal(lying.json.invalidParams[0].name, 'file');
    expectProblem(await upload(Buffer.alloc(5000, 0x25), 'application/pdf', 'groot.pdf'), 413);
    const stored = await upload(pdf, 'application/pdf', 'plan.pdf');
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json.content_type, 'application/pdf');
    const body = application();
    body.support = { ...body.support, attachments: [stored.json.id] };
    const reply = await submit(form, body);
    assert.equal(reply.status, 201, reply.text);
    const record = await call('GET', `/v1/admin/challenge-forms/${form}/submissions/${reply.json.reference}`, { admin: true });
    assert.equal(record.json.attachments[0].id, stored.json.id);
  });
});

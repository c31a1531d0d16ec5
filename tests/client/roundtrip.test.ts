// A client built from the OpenAPI document alone, as another vendor would build one: the types come from the
// document the server serves (openapi-typescript, into generated/api.d.ts), the requests go through openapi-fetch,
// and this file must type-check against those types before it runs. It reads a poll and votes, submits a quick scan
// and a Right to Challenge application, and reads the field errors of requests that are refused.
//
//   npm ci --prefix tests/client
//   tests/client/node_modules/.bin/openapi-typescript "$INSPRAAK_BASE_URL/v1/openapi.json" --default-non-nullable false \
//     -o tests/client/generated/api.d.ts
//   tests/client/node_modules/.bin/tsc -p tests/client
//   INSPRAAK_BASE_URL=… INSPRAAK_ADMIN_TOKEN=… node --test tests/client/build/
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/api.js';

type Schemas = components['schemas'];

const baseUrl = process.env.INSPRAAK_BASE_URL;
const token = process.env.INSPRAAK_ADMIN_TOKEN;
if (!baseUrl || !token) throw new Error('set INSPRAAK_BASE_URL and INSPRAAK_ADMIN_TOKEN');

const client = createClient<paths>({ baseUrl });
const admin = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
const run = `client-${Date.now().toString(36)}`;
const key = () => ({ 'Idempotency-Key': randomUUID() });

/** The invalid fields of a problem, as `name:code`. */
const fields = (problem: Schemas['Problem'] | undefined) =>
  (problem?.invalidParams ?? []).map((field: Schemas['FieldError']) => `${field.name}:${field.code}`);

describe('a client generated from the OpenAPI document', () => {
  test('reads a poll, votes in it and gets the results back', async () => {
    const id = `${run}-poll`;
    const created = await admin.POST('/v1/admin/polls', {
      params: { header: key() },
      body: {
        id,
        question: 'Welke speelplek knappen we als eerste op?',
        options: [{ id: 'park', label: 'Speeltuin in het park' }, { id: 'plein', label: 'Trapveldje op het plein' }],
        results: 'after_vote',
      },
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));

    const { data: poll, response } = await client.GET('/v1/polls/{id}', { params: { path: { id } } });
    assert.equal(response.status, 200);
    assert.ok(poll);
    assert.equal(poll.status, 'open');
    const choice = poll.options[0]?.id;
    assert.ok(choice);

    const vote: Schemas['VoteRequest'] = { choices: [choice], voter: `voter-${randomUUID()}`.slice(0, 40) };
    const voted = await client.POST('/v1/polls/{id}/votes', { params: { path: { id }, header: key() }, body: vote });
    assert.equal(voted.response.status, 201, JSON.stringify(voted.error));
    assert.equal(voted.data?.results?.voters, 1);
    assert.deepEqual(voted.data?.results?.options.map((o) => [o.id, o.votes]), [['park', 1], ['plein', 0]]);

    const results = await client.GET('/v1/polls/{id}/results', {
      params: { path: { id }, header: { 'Inspraak-Voter': vote.voter } },
    });
    assert.equal(results.data?.voters, 1);
  });

  test('submits a quick scan and gets the scores per theme', async () => {
    const id = `${run}-scan`;
    const created = await admin.POST('/v1/admin/quickscans', {
      params: { header: key() },
      body: { id, title: { nl: 'Quick scan lokale democratie' }, round: { id: 'nulmeting', name: 'Nulmeting' } },
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));

    const { data: scan } = await client.GET('/v1/quickscans/{id}', { params: { path: { id } } });
    assert.ok(scan);
    const theme = scan.themes[0];
    const statement = theme?.statements[0];
    assert.ok(theme && statement);
    const answers: Schemas['QuickscanSubmission'] = {
      role: 'inwoner',
      statements: { [statement.id]: 'strongly_agree' },
      fill_seconds: 120,
    };
    const sent = await client.POST('/v1/quickscans/{id}/responses', {
      params: { path: { id }, header: key() },
      body: answers,
    });
    assert.equal(sent.response.status, 201, JSON.stringify(sent.error));
    const score = sent.data?.scores.find((s) => s.theme === theme.id);
    assert.equal(score?.score, 5);
    assert.equal(sent.data?.results.respondents, 1);
  });

  test('makes invitation codes for the college and answers with one, once', async () => {
    const id = `${run}-invited`;
    const created = await admin.POST('/v1/admin/quickscans', {
      params: { header: key() },
      body: {
        id,
        title: { nl: 'Quick scan lokale democratie' },
        round: { id: 'nulmeting', name: 'Nulmeting' },
        invitation_roles: ['collegelid'],
        role_min_group: { collegelid: 3 },
      },
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    const made = await admin.POST('/v1/admin/quickscans/{id}/invitations', {
      params: { path: { id }, header: key() },
      body: { role: 'collegelid', count: 2 },
    });
    assert.equal(made.response.status, 201, JSON.stringify(made.error));
    const code = made.data?.codes[0];
    assert.ok(code);
    const statement = created.data?.themes[0]?.statements[0]?.id;
    assert.ok(statement);
    const answers: Schemas['QuickscanSubmission'] = {
      role: 'collegelid',
      statements: { [statement]: 'agree' },
      fill_seconds: 120,
    };
    const send = () =>
      client.POST('/v1/quickscans/{id}/responses', {
        params: { path: { id }, header: { ...key(), 'Inspraak-Invitation': code } },
        body: answers,
      });
    const sent = await send();
    assert.equal(sent.response.status, 201, JSON.stringify(sent.error));
    const again = await send();
    assert.equal(again.response.status, 422);
    assert.equal(again.error?.invalidParams?.[0]?.code, 'used');
    const turnout = await admin.GET('/v1/admin/quickscans/{id}/invitations', { params: { path: { id } } });
    const college = turnout.data?.roles.find((r) => r.role === 'collegelid');
    assert.deepEqual(college, {
      role: 'collegelid', invitation_only: true, min_group: 3, responses: 1, issued: 2, used: 1,
    });
  });

  test('submits a Right to Challenge application and gets its reference and decision deadline', async () => {
    const id = `${run}-form`;
    const form: Schemas['NewChallengeForm'] = {
      id,
      municipality: 'Gemeente Voorbeeld',
      tasks: [{ id: 'groenonderhoud', label: 'Onderhoud van het openbaar groen' }],
      privacy_url: 'https://www.voorbeeld.nl/privacy',
      contact_email: 'uitdaagrecht@voorbeeld.nl',
    };
    const put = await admin.PUT('/v1/admin/challenge-forms/{id}', { params: { path: { id } }, body: form });
    assert.equal(put.response.status, 201, JSON.stringify(put.error));

    const { data: shown } = await client.GET('/v1/challenge-forms/{id}', { params: { path: { id } } });
    assert.ok(shown);
    const task = shown.tasks[0]?.id;
    assert.ok(task);
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const application: Schemas['ChallengeSubmission'] = {
      initiative: { title: 'Groen in de Lindenbuurt', task, area: 'Lindenbuurt' },
      plan: { what: 'Wij onderhouden het plantsoen.', why_better: 'Wij wonen er.', social_value: 'Samen buiten.' },
      organisation: {
        name: 'Buurtvereniging De Linde', type: 'vereniging', experience: 'Tien jaar geveltuinen.',
        address: 'Lindenlaan 1', postcode: '1234 AB', place: 'Voorbeeld',
      },
      support: { supporters: 120, how_shown: 'Handtekeningen' },
      costs: { estimate: '€ 12.500,50', budget: '10.000', start_date: inAMonth, term_months: 24 },
      cooperation: { support_needed: 'Gereedschap', quality: 'Een schouw', continuity: 'Reservevrijwilligers' },
      contact: {
        name: 'Fatima de Vries', email: 'fatima@example.nl', address: 'Lindenlaan 12', postcode: '1234 ab',
        place: 'Voorbeeld', authorised: true, consent: true,
      },
      fill_seconds: 300,
    };
    const sent = await client.POST('/v1/challenge-forms/{id}/submissions', {
      params: { path: { id }, header: key() },
      body: application,
    });
    assert.equal(sent.response.status, 201, JSON.stringify(sent.error));
    assert.match(sent.data?.reference ?? '', /^UR-\d{4}-\d{4}$/);
    assert.ok((sent.data?.decision_by ?? '') > inAMonth.slice(0, 4), sent.data?.decision_by);
  });

  test('reads the field errors of a refused request, and the 400 of one it cannot read', async () => {
    const id = `${run}-refused`;
    await admin.POST('/v1/admin/polls', {
      body: { id, question: 'Ja of nee?', options: [{ id: 'ja', label: 'Ja' }, { id: 'nee', label: 'Nee' }] },
    });
    const refused = await client.POST('/v1/polls/{id}/votes', {
      params: { path: { id } },
      body: { choices: ['misschien'], voter: 'kort' },
    });
    assert.equal(refused.response.status, 422);
    assert.equal(refused.error?.type, 'urn:inspraak:problem:invalid-input');
    assert.deepEqual(fields(refused.error).sort(), ['choices[0]:unknown', 'voter:format']);

    const unreadable = await client.POST('/v1/polls/{id}/votes', {
      params: { path: { id } },
      body: { choices: ['ja'], voter: `voter-${randomUUID()}` },
      bodySerializer: () => '{"choices": [',
    });
    assert.equal(unreadable.response.status, 400);
    assert.ok(unreadable.error?.detail);
    assert.deepEqual(fields(unreadable.error), ['choices:format']);

    const missing = await client.GET('/v1/polls/{id}', { params: { path: { id: `${run}-none` } } });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.title, 'Not found');
  });
});

// Host pages of the shapes municipal sites have: a CMS that strips custom elements, a single-page app that adds and
// removes widgets, the same poll twice on one page, and a phone-width or zoomed page (WCAG 1.4.10 reflow).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, expectNoAxeViolations, newPage } from './harness.mjs';

const env = environment(async ({ server }) => {
  await server.createPoll({ id: 'hosts-twins' });
  await server.createPoll({ id: 'hosts-spa' });
}, { demo: true });
const DEMO = 'poll=speeltuin-2026&scan=quickscan-voorbeeld&municipality=voorbeeld&form=uitdaagrecht-voorbeeld';

describe('a WordPress-like page whose CMS left only divs with data-inspraak', () => {
  test('mounts every widget, untouched by the theme\'s uppercase text and div borders, and passes axe', async () => {
    const page = await newPage(env.browser, { width: 1100, height: 900 });
    await page.goto(`${env.site.url}/cms.html?${DEMO}`);
    await page.locator('#cms-poll').getByRole('button', { name: 'Stem' }).waitFor();
    await page.locator('#cms-quickscan').getByRole('heading', { level: 2 }).first().waitFor();
    await page.locator('#cms-progress').getByRole('button').waitFor();
    await page.locator('#cms-challenge').getByRole('heading', { level: 2 }).first().waitFor();
    for (const id of ['#cms-poll', '#cms-quickscan', '#cms-progress', '#cms-challenge']) {
      const style = await page.locator(id).evaluate((host) => {
        const s = getComputedStyle(host.shadowRoot.querySelector('.inspraak p, .inspraak h2'));
        return { transform: s.textTransform, spacing: s.letterSpacing, family: s.fontFamily };
      });
      assert.deepEqual({ transform: style.transform, spacing: style.spacing }, { transform: 'none', spacing: 'normal' }, id);
      assert.doesNotMatch(style.family, /Georgia/, id);
      await expectNoAxeViolations(page, id, `CMS page ${id}`);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('a single-page app', () => {
  test('unmounts removed widgets, frees them over 50 add/remove cycles, and a re-added poll still takes a vote', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.site.url}/spa.html`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    /** JS heap in use and DOM counters after a full garbage collection. */
    const heap = async () => {
      for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
      return { usedSize, nodes, jsEventListeners };
    };
    // One route change: show a poll, a progress badge, a quick scan and a challenge form, wait until they have drawn,
    // leave again.
    const cycle = () => page.evaluate(async (spaPoll) => {
      const view = document.getElementById('view');
      const widgets = [['inspraak-poll', 'poll', spaPoll], ['inspraak-progress', 'municipality', 'voorbeeld'],
        ['inspraak-quickscan', 'scan', 'quickscan-voorbeeld'], ['inspraak-challenge', 'form', 'uitdaagrecht-voorbeeld']]
        .map(([tag, name, value]) => {
        const element = document.createElement(tag);
        element.setAttribute(name, value);
        return element;
      });
      view.replaceChildren(...widgets);
      const drawn = (el) => el.shadowRoot?.querySelector('h2, .badge');
      // Until every widget has drawn, however long a busy machine takes (the test's own timeout is the limit).
      const deadline = Date.now() + 30_000;
      while (!widgets.every(drawn) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      if (!widgets.every(drawn)) throw new Error('a widget did not draw');
      view.replaceChildren();
      await new Promise((r) => setTimeout(r, 0));
      return widgets.map((el) => ({ children: el.shadowRoot.childNodes.length }));
    }, 'hosts-spa');

    for (let i = 0; i < 5; i += 1) await cycle(); // warm up: the module, the catalogue, the browser's caches
    const before = await heap();
    let left;
    for (let i = 0; i < 50; i += 1) left = await cycle();
    const after = await heap();
    // A removed widget leaves an empty shadow root (the one style sheet all widgets share stays adopted).
    assert.deepEqual(left.map((shadow) => shadow.children), [0, 0, 0, 0]);
    const growth = after.usedSize - before.usedSize;
    console.log(`# SPA: JS heap ${(before.usedSize / 1e6).toFixed(2)} MB after 5 cycles, ${(after.usedSize / 1e6).toFixed(2)} MB after 50 more`
      + ` (${growth >= 0 ? '+' : ''}${(growth / 1e3).toFixed(0)} KB); DOM nodes ${before.nodes} → ${after.nodes},`
      + ` listeners ${before.jsEventListeners} → ${after.jsEventListeners}`);
    // 200 widgets mounted and removed: a leak of even one shadow tree per widget would pass these bounds by far.
    assert.ok(growth < 1_000_000, `JS heap grew by ${growth} bytes over 50 cycles`);
    assert.ok(after.nodes - before.nodes < 300, `DOM nodes grew from ${before.nodes} to ${after.nodes}`);
    assert.ok(after.jsEventListeners - before.jsEventListeners < 20,
      `event listeners grew from ${before.jsEventListeners} to ${after.jsEventListeners}`);

    // Back on the route: the poll works as new.
    await page.evaluate(() => {
      const poll = document.createElement('inspraak-poll');
      poll.setAttribute('poll', 'hosts-spa');
      document.getElementById('view').append(poll);
    });
    const poll = page.locator('#view inspraak-poll');
    await poll.getByLabel('Trapveldje op het plein').check();
    await poll.getByRole('button', { name: 'Stem' }).click();
    await poll.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    assert.equal(env.server.sql("SELECT COUNT(*) FROM votes WHERE poll_id = 'hosts-spa'"), '1');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('the same poll twice on one page', () => {
  test('a vote in the article shows in the sidebar copy too, with the same counts', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.site.url}/twins.html?poll=hosts-twins`);
    const article = page.locator('#in-article');
    const sidebar = page.locator('#in-sidebar');
    await sidebar.getByRole('button', { name: 'Stem' }).waitFor();
    await article.getByLabel('Speeltuin in het park').check();
    await article.getByRole('button', { name: 'Stem' }).click();
    await article.getByText('Bedankt, je stem is opgeslagen.').waitFor();
    await sidebar.getByText('Je hebt al gestemd').waitFor();
    const counts = (host) => host.getByRole('list').innerText();
    assert.match(await counts(sidebar), /Speeltuin in het park \(jouw keuze\)\s*1 stem \(100%\)/);
    assert.equal(await counts(sidebar), await counts(article));
    assert.equal(await sidebar.getByRole('button', { name: 'Stem' }).count(), 0);
    assert.equal(env.server.sql("SELECT COUNT(*) FROM votes WHERE poll_id = 'hosts-twins'"), '1');
    await expectNoAxeViolations(page, '#in-sidebar', 'twin after the vote');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});

describe('reflow (WCAG 1.4.10): no horizontal scrolling at 320 CSS pixels', () => {
  for (const [name, viewport, zoom] of [['a 320px wide phone', { width: 320, height: 640 }, null],
    ['a 640px window zoomed to 200%', { width: 640, height: 800 }, '200%']]) {
    test(`every widget on ${name}`, async () => {
      const page = await newPage(env.browser, viewport);
      await page.goto(`${env.site.url}/themed.html?${DEMO}`);
      if (zoom) await page.addStyleTag({ content: `html { zoom: ${zoom}; }` });
      await page.locator('#poll').getByRole('button', { name: 'Stem' }).waitFor();
      await page.locator('#quickscan').getByRole('heading', { level: 2 }).first().waitFor();
      await page.locator('#progress').getByRole('list').waitFor();
      await page.locator('#challenge').getByRole('heading', { level: 2 }).first().waitFor();
      /** The page scrolls sideways, or something in a widget sticks out of it (tables may scroll in their box). */
      const overflow = () => page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth} > ${width}`);
        for (const host of document.querySelectorAll('inspraak-poll, inspraak-quickscan, inspraak-progress, inspraak-challenge')) {
          const edge = host.getBoundingClientRect().right + 0.5;
          for (const el of host.shadowRoot.querySelectorAll('*')) {
            if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) continue;
            const rect = el.getBoundingClientRect();
            if (rect.width && rect.right > edge) out.push(`${host.id} ${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(rect.right)} > ${Math.round(edge)}`);
          }
        }
        return out.slice(0, 5);
      });
      assert.deepEqual(await overflow(), [], 'before answering');
      // The other states: the poll's results, a quick scan statement step.
      await page.locator('#poll').getByLabel('Speelplaats basisschool De Akker').check();
      await page.locator('#poll').getByRole('button', { name: 'Stem' }).click();
      await page.locator('#poll').getByRole('list').waitFor();
      await page.locator('#quickscan').getByLabel('Inwoner').check();
      await page.locator('#quickscan').getByRole('button', { name: 'Volgende' }).click();
      await page.locator('#quickscan .statement').first().waitFor();
      await page.locator('#challenge').getByRole('button', { name: 'Volgende' }).click();
      await page.locator('#challenge .error-summary').waitFor();
      assert.deepEqual(await overflow(), [], 'results, a statement step and an error summary');
      if (!zoom) {
        await expectNoAxeViolations(page, '#poll', '320px results');
        await expectNoAxeViolations(page, '#quickscan', '320px statements');
        await expectNoAxeViolations(page, '#progress', '320px full list');
        await expectNoAxeViolations(page, '#challenge', '320px errors');
      }
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
});

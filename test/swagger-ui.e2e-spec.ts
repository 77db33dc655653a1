import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { READ_KEY, startStack, Stack, WRITE_KEY } from './support/stack';

/**
 * Swagger UI driven in Debian's Chromium headless shell (no browser download):
 * authorise with a key, try operations out, and assert on what the page
 * renders. Screenshots land in test-artifacts/swagger-ui/ (git-ignored) for a
 * person to look at.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SHOTS = join(__dirname, '..', 'test-artifacts', 'swagger-ui');

interface Rendered {
  status: number;
  body: any;
}

describe('Swagger UI in a real browser (e2e)', () => {
  jest.setTimeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let shot = 0;

  /** The operation as rendered (request and live response), or the viewport. */
  const screenshot = async (name: string, target?: Locator) => {
    shot += 1;
    const path = join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`);
    await (target ?? page).screenshot({ path });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.url}/docs`);
    await page.locator('.opblock').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function authorize(key: string): Promise<void> {
    await page.locator('.auth-wrapper .authorize').click();
    const modal = page.locator('.modal-ux');
    const bearer = modal.locator('.auth-container').filter({ hasText: 'bearer' }).first();
    const logout = bearer.locator('button', { hasText: 'Logout' });
    if (await logout.isVisible()) await logout.click();
    await bearer.locator('input#auth-bearer-value').fill(key);
    await bearer.locator('button.authorize').click();
    await logout.waitFor();
    await bearer.locator('button.btn-done').click();
    await modal.waitFor({ state: 'detached' });
  }

  /** Opens an operation, switches it to "Try it out", and returns it. */
  async function open(tag: string, operationId: string): Promise<Locator> {
    const block = page.locator(`#operations-${tag}-${operationId}`);
    if (!(await block.locator('.opblock-body').isVisible()))
      await block.locator('.opblock-summary').first().click();
    const tryOut = block.locator('.try-out__btn', { hasText: 'Try it out' });
    if (await tryOut.isVisible()) await tryOut.click();
    return block;
  }

  /** Executes and reads the live response table as Swagger UI renders it. */
  async function execute(block: Locator): Promise<Rendered> {
    const clear = block.locator('.btn-clear');
    if (await clear.isVisible()) await clear.click();
    await block.locator('.execute').click();
    const live = block.locator('.live-responses-table .response').first();
    await live.waitFor();
    const status = Number((await live.locator('.response-col_status').textContent())?.trim());
    const text = (await live.locator('.response-col_description pre').first().textContent()) ?? '';
    return { status, body: text.trim().length > 0 ? JSON.parse(text) : undefined };
  }

  it('serves Swagger UI with every tag of the document', async () => {
    for (const tag of ['users', 'identities', 'connections', 'operations'])
      await expect(page.locator(`#operations-tag-${tag}`).count()).resolves.toBe(1);
    // The open probes show no padlock; authenticated operations do.
    await expect(
      page.locator('#operations-operations-health .authorization__btn').count(),
    ).resolves.toBe(0);
    await expect(
      page.locator('#operations-users-listUsers .authorization__btn').count(),
    ).resolves.toBe(1);
    await screenshot('loaded');
  });

  let listed: { id: string; vendor: string }[] = [];

  it('authorises with a key and lists users', async () => {
    await authorize(READ_KEY);
    const block = await open('users', 'listUsers');
    await block.locator('tr[data-param-name="limit"] input').fill('5');
    const answer = await execute(block);
    await screenshot('list-users', block);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(5);
    expect(answer.body.errors).toEqual([]);
    listed = answer.body.data;
  });

  it('reads one user by an id taken from the list', async () => {
    const id = listed[0].id;
    const block = await open('users', 'getUser');
    await block.locator('tr[data-param-name="id"] input').fill(id);
    const answer = await execute(block);
    await screenshot('get-user', block);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, vendor: listed[0].vendor });
  });

  it('refuses the read key on a create (403)', async () => {
    const block = await open('users', 'createUser');
    await block.locator('textarea.body-param__text').fill(
      JSON.stringify({
        vendor: 'credira',
        email: 'browser.refused@example.com',
        displayName: 'Browser Refused',
        company: 'Acme Corporation',
      }),
    );
    const answer = await execute(block);
    await screenshot('create-user-read-key', block);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'forbidden' });
  });

  it('creates a user at a sandbox vendor with a write key', async () => {
    await authorize(WRITE_KEY);
    const block = await open('users', 'createUser');
    await block.locator('textarea.body-param__text').fill(
      JSON.stringify({
        vendor: 'credira',
        email: 'browser.created@example.com',
        displayName: 'Browser Created',
        company: 'Acme Corporation',
        role: 'member',
      }),
    );
    const answer = await execute(block);
    await screenshot('create-user', block);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      vendor: 'credira',
      email: 'browser.created@example.com',
      displayName: 'Browser Created',
    });
    const stored = await stack.call('GET', `/v1/users/${answer.body.id}`);
    expect(stored.body.email).toBe('browser.created@example.com');
  });

  it('reads the identities summary', async () => {
    const block = await open('identities', 'identitySummary');
    const answer = await execute(block);
    await screenshot('identities-summary', block);
    expect(answer.status).toBe(200);
    expect(answer.body.vendorsRead.sort()).toEqual(['convirza', 'credira', 'desk']);
    expect(answer.body.users).toBeGreaterThan(0);
  });
});

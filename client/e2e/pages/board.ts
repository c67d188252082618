// The event page as a participant uses it, through the selectors in client/README.md: join,
// pick a paint tool, paint strokes with a mouse or a finger, read the counts, the who-said-what
// panel and the final plan.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

export type Tool = 'yes' | 'maybe';

/** Generous: a live update normally lands in milliseconds, but CI machines stall. */
export const LIVE_WAIT = 15_000;

export class BoardPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, eventId: string): Promise<BoardPage> {
    await page.goto(`/e/${eventId}`);
    const board = new BoardPage(page);
    await board.grid.waitFor();
    return board;
  }

  get grid(): Locator {
    return this.page.getByRole('grid');
  }

  cell(slotId: string): Locator {
    return this.page.locator(`[role="gridcell"][data-slot-id="${slotId}"]`);
  }

  /** The slot ids in the order the grid lays them out (columns by day, rows by time). */
  slotIds(): Promise<string[]> {
    return this.page
      .locator('[role="gridcell"][data-slot-id]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-slot-id') ?? ''));
  }

  /** Joins as a guest and waits for the live connection, so strokes go out at once. */
  async join(name: string): Promise<void> {
    await this.page.getByTestId('join-name').fill(name);
    await this.page.getByTestId('join-submit').click();
    await this.page.getByTestId('join-name').waitFor({ state: 'detached', timeout: LIVE_WAIT });
    await this.waitConnected();
  }

  async waitConnected(): Promise<void> {
    await this.page.locator('[data-testid="connection"][data-state="open"]').waitFor({ state: 'attached', timeout: LIVE_WAIT });
  }

  async pick(tool: Tool): Promise<void> {
    const button = this.page.getByTestId(`paint-${tool}`);
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
    await this.page.locator(`[data-testid="paint-${tool}"][aria-pressed="true"]`).waitFor();
  }

  /**
   * The viewport points of a stroke's two ends. The stroke's start is scrolled to the middle of
   * the screen, clear of the sticky header (which would take the press otherwise); strokes are
   * short, so the end is on screen too.
   */
  private async ends(fromSlot: string, toSlot: string): Promise<[{ x: number; y: number }, { x: number; y: number }]> {
    await this.cell(fromSlot).evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
    const viewport = this.page.viewportSize();
    const centre = async (slotId: string) => {
      const box = await this.cell(slotId).boundingBox();
      if (!box) throw new Error(`cell ${slotId} is not rendered`);
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      if (viewport && (point.x < 0 || point.y < 0 || point.x > viewport.width || point.y > viewport.height)) {
        throw new Error(`cell ${slotId} is off screen at ${point.x},${point.y}; keep strokes short`);
      }
      return point;
    };
    return [await centre(fromSlot), await centre(toSlot)];
  }

  /** One mouse stroke from one cell to another (a press, a drag through the cells between, a release). */
  async drag(fromSlot: string, toSlot: string): Promise<void> {
    const [from, to] = await this.ends(fromSlot, toSlot);
    const mouse = this.page.mouse;
    await mouse.move(from.x, from.y);
    await mouse.down();
    await mouse.move(to.x, to.y, { steps: 10 });
    await mouse.up();
  }

  /**
   * One finger stroke. Playwright's touchscreen only taps, so the touch points go through the
   * DevTools protocol, which produces real touch (and pointer) events as a phone would.
   */
  async touchDrag(fromSlot: string, toSlot: string): Promise<void> {
    const [from, to] = await this.ends(fromSlot, toSlot);
    const cdp = await this.page.context().newCDPSession(this.page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
    await touch('touchStart', [from]);
    const steps = 10;
    for (let i = 1; i <= steps; i += 1) {
      await touch('touchMove', [{ x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps }]);
    }
    await touch('touchEnd', []);
    await cdp.detach();
  }

  /** Waits until everyone's `kind` count on a slot reads `n`. */
  async waitForCount(slotId: string, n: number, kind: Tool = 'yes', timeout = LIVE_WAIT): Promise<void> {
    await this.page
      .locator(`[role="gridcell"][data-slot-id="${slotId}"][data-${kind}-count="${n}"]`)
      .waitFor({ state: 'attached', timeout });
  }

  /** Waits until my own answer on a slot reads `answer`. */
  async waitForAnswer(slotId: string, answer: Tool | 'no' | '', timeout = LIVE_WAIT): Promise<void> {
    await this.page
      .locator(`[role="gridcell"][data-slot-id="${slotId}"][data-answer="${answer}"]`)
      .waitFor({ state: 'attached', timeout });
  }

  async count(slotId: string, kind: Tool = 'yes'): Promise<number> {
    return Number((await this.cell(slotId).getAttribute(`data-${kind}-count`)) ?? 'NaN');
  }

  /** The who-said-what panel for a slot: hovering a cell selects it and shows its names. */
  async details(slotId: string): Promise<Locator> {
    await this.cell(slotId).hover();
    // The panel follows the selected cell; wait for the selection so it is not the last one's.
    await this.page.locator(`[role="gridcell"][data-slot-id="${slotId}"][aria-selected="true"]`).waitFor({ state: 'attached' });
    const panel = this.page.getByTestId('slot-details');
    await panel.waitFor({ timeout: LIVE_WAIT });
    return panel;
  }

  /**
   * Who said what on a slot, read from the panel's description list: each group's label
   * (`Yes (2)`) followed by its names.
   */
  async whoSaid(slotId: string): Promise<{ label: string; names: string }[]> {
    const panel = await this.details(slotId);
    return panel.locator('dt').evaluateAll((terms) =>
      terms.map((dt) => ({ label: dt.textContent?.trim() ?? '', names: dt.nextElementSibling?.textContent?.trim() ?? '' })),
    );
  }

  /** Finalises the plan the dialog proposes (the organiser's view). */
  async finalize(): Promise<void> {
    await this.page.getByTestId('finalize-open').click();
    await this.page.getByTestId('finalize-confirm').click();
    await this.finalPlan.waitFor({ timeout: LIVE_WAIT });
  }

  get finalPlan(): Locator {
    return this.page.getByTestId('final-plan');
  }

  /** Clicks the `.ics` link and returns the downloaded file's text. */
  async downloadIcs(): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: LIVE_WAIT }),
      this.page.getByTestId('ics-download').click(),
    ]);
    const path = await download.path();
    return readFile(path, 'utf8');
  }

  /**
   * Marks the current document, so a test can prove later that what it saw arrived live rather
   * than through a reload (a reload makes a new document without the mark).
   */
  async markDocument(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { prostMark?: boolean }).prostMark = true;
    });
  }

  async stillSameDocument(): Promise<boolean> {
    return this.page.evaluate(() => (window as unknown as { prostMark?: boolean }).prostMark === true);
  }
}

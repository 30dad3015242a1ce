// Shared by the lesson e2e tests: answer every cell-driven exercise, then check each shows a comparable result.
import assert from 'node:assert/strict';

/**
 * Commits a prediction in every exercise whose experiment is a cell (its first choice, or the number 1), so that Run
 * all fills in each comparison. Returns the exercises.
 */
export async function predictEverywhere(page) {
  const exercises = page.locator('predict-then-run:has([data-widget="notebook-cell"])');
  const n = await exercises.count();
  for (let i = 0; i < n; i++) {
    const ex = exercises.nth(i);
    if ((await ex.getAttribute('data-kind')) === 'choice') await ex.locator('input[type="radio"]').first().check();
    else await ex.locator('input[name="value"]').fill('1');
    await ex.locator('button[type="submit"]').click();
  }
  return exercises;
}

/** After Run all: every exercise shows its result beside the prediction, and the result is one the question allows. */
export async function assertEveryComparison(exercises, path) {
  const n = await exercises.count();
  for (let i = 0; i < n; i++) {
    const ex = exercises.nth(i);
    const question = (await ex.locator('legend').textContent()).trim();
    const compare = ex.locator('[data-role="compare"]');
    await compare.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    const status = await ex.locator('[data-role="prediction-status"]').textContent();
    assert.ok(await compare.isVisible(), `${path}: no result for "${question}" (${status})`);
    const verdict = await compare.getAttribute('data-verdict');
    const summary = await ex.locator('[data-role="summary"]').textContent();
    assert.ok(['correct', 'close', 'wrong'].includes(verdict), `${path}: "${question}" gave ${verdict}: ${summary}`);
    if ((await ex.getAttribute('data-kind')) === 'choice') {
      const actual = (await ex.locator('[data-role="actual"]').textContent()).trim();
      // The result is shown as its choice's label (the value, unless the lesson labels it otherwise).
      const labels = await ex.locator('input[type="radio"]').evaluateAll((rs) => rs.map((r) => r.parentElement.textContent.trim()));
      assert.ok(labels.includes(actual), `${path}: "${question}" gave ${actual}, which is none of its choices ${labels.join(', ')}`);
    }
  }
}

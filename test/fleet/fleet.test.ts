import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUND_MS, INSTANCES, startFleet, type Fleet } from './fleet';
import {
  deployScenario, editScenario, frozenInstanceScenario, notebookReshareScenario, revokeScenario, revokeThenOutageScenario, shareSettingScenario, type ScenarioResult,
} from './scenarios';

/**
 * One truth across the fleet (docs/consistency.md): after a change the note service acknowledged,
 * every path of the note answers the new truth within BOUND_MS, through the CDN and on every
 * instance, and nothing stale (above all, no revoked byte) is answered after it.
 * CONSISTENCY_RESULTS=<file> also writes the figures (npm run consistency makes the report from them).
 */
describe('fleet: three packaged instances, Varnish as the CDN, the reference note service', () => {
  let fleet: Fleet;
  const results: ScenarioResult[] = [];

  beforeAll(async () => {
    fleet = await startFleet();
  });

  afterAll(async () => {
    if (process.env.CONSISTENCY_RESULTS) writeFileSync(process.env.CONSISTENCY_RESULTS, JSON.stringify({ instances: INSTANCES, boundMs: BOUND_MS, results }, null, 2));
    await fleet?.stop();
  });

  const scenarios: Array<[string, (f: Fleet) => Promise<ScenarioResult>]> = [
    ['edit', editScenario],
    ['share-setting change', shareSettingScenario],
    ['notebook re-share', notebookReshareScenario],
    ['revoke', revokeScenario],
    ['revoke, then the note service killed', revokeThenOutageScenario],
    ['an instance frozen across a revoke', frozenInstanceScenario],
    ['a new deploy', deployScenario],
  ];

  for (const [name, run] of scenarios) {
    it(`${name}: every path answers the new truth within ${BOUND_MS} ms, and nothing stale after it`, async () => {
      const result = await run(fleet);
      results.push(result);
      const detail = JSON.stringify(result.lastStale);
      expect(result.staleAfterBound, `stale answers after the bound (last stale per path, ms: ${detail})`).toBe(0);
      expect(result.lastStaleMs, detail).toBeLessThanOrEqual(BOUND_MS);
      expect(result.answers).toBeGreaterThan(0);
    });
  }
});

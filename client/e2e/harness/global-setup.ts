// Once per `npm run e2e`: start from empty failure screenshots and server logs, so whatever is
// there afterwards belongs to this run. (Screenshots of the pages are overwritten in place.)
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS } from './paths';

export default async function setup(): Promise<void> {
  await Promise.all(['failures', 'logs'].map((dir) => rm(join(ARTIFACTS, dir), { recursive: true, force: true })));
}

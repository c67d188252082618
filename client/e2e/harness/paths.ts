// Where things are, from this file's location (tests run with client/ as the working directory,
// but scripts and the bench may not).
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const CLIENT_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_ROOT = join(CLIENT_DIR, '..');
/** Screenshots, downloads, server logs and bench results; git-ignored. */
export const ARTIFACTS = join(CLIENT_DIR, 'e2e', 'artifacts');

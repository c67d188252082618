// Writes `.br` and `.gz` siblings of the text files in dist/ (run after `vite build`, as the
// `postbuild` script). The prost binary serves them with Content-Encoding when the browser
// accepts them, so compression happens once, at maximum quality, instead of on every request.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;

/** Every file under `dir`, recursively. */
async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** The two encodings, each at its best ratio (this runs once per build). */
const encoders = {
  br: (data) =>
    brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gz: (data) => gzipSync(data, { level: 9 }),
};

export async function compressDir(dist) {
  const written = [];
  for await (const path of files(dist)) {
    if (!TEXT.test(path)) continue;
    const data = await readFile(path);
    for (const [suffix, encode] of Object.entries(encoders)) {
      const packed = encode(data);
      // A tiny file can grow; then the plain one is better for everyone.
      if (packed.length >= data.length) continue;
      await writeFile(`${path}.${suffix}`, packed);
      written.push({ file: relative(dist, path), suffix, from: data.length, to: packed.length });
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  const written = await compressDir(dist);
  console.log(`compress: ${written.length} precompressed files in dist/`);
}

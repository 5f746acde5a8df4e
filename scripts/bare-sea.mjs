// `node scripts/bare-sea.mjs OUT`: a single executable made exactly as the program's (scripts/sea.mjs, a startup
// snapshot) from a script that loads nothing and does nothing, for the bench: the program's start over this one is
// what its own code costs (issue 19).
import { writeFileSync } from 'node:fs';
import { buildSea } from './sea.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/bare-sea.mjs OUT');
const script = `${out}.cjs`;
writeFileSync(script, "'use strict';\nrequire('node:v8').startupSnapshot.setDeserializeMainFunction(() => {});\n");
await buildSea(out, { script });

#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { processIo } from './exit-codes.js';
import { exitWhenFlushed } from './exit-when-flushed.js';
import { runCli } from './program.js';

// V8 lets the heap grow up to four times what is live before collecting it all: with a 100,000-cluster world live,
// that took planning to 2.9 GB. Growing by 30% keeps it near 1.8 GB for a few percent more CPU (npm run bench).
// A value the user gives (node --heap-growing-percent=N, or in NODE_OPTIONS) stands.
const given = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('heap-growing-percent'));
if (!given) setFlagsFromString('--heap-growing-percent=30');

const code = await runCli(process.argv.slice(2), processIo);
// Exit as soon as the output is written: after a reset connection the SDK's HTTP client can leave a request
// timer running for up to a minute, and nothing pending then matters to the command's result.
exitWhenFlushed(code);

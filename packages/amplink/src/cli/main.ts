#!/usr/bin/env node
import { processIo } from './exit-codes.js';
import { exitWhenFlushed } from './exit-when-flushed.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), processIo);
// Exit as soon as the output is written: after a reset connection the SDK's HTTP client can leave a request
// timer running for up to a minute, and nothing pending then matters to the command's result.
exitWhenFlushed(code);

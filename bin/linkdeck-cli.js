#!/usr/bin/env node
// linkdeck-cli: the built CLI (out/main/cli.js, from `npm run build`) runs on import.
// During development, without a build: npm run cli -- <args>
import '../out/main/cli.js'

#!/usr/bin/env node
// The built CLI (out/cli/index.js) runs on import. During development: npm run cli -- <args>
import '../out/cli/index.js'

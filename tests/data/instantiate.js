// node instantiate.js GLUE WASM... : load GLUE (a wasm_exec.js), then instantiate each WASM with a new
// Go().importObject, printing per file one JSON line: {"file", "ok", "error"} (the error as V8 words it).
// With --imports instead of files: print the import object's modules and their function names.
"use strict";
const fs = require("fs");
globalThis.require = require;
globalThis.fs ??= fs;
globalThis.TextEncoder ??= require("util").TextEncoder;
globalThis.TextDecoder ??= require("util").TextDecoder;
globalThis.performance ??= require("perf_hooks").performance;
globalThis.crypto ??= require("crypto").webcrypto;
require(require("path").resolve(process.argv[2]));

async function main() {
  const files = process.argv.slice(3);
  if (files[0] === "--imports") {
    const object = new globalThis.Go().importObject;
    const modules = {};
    for (const name of Object.keys(object)) modules[name] = Object.keys(object[name]).sort();
    console.log(JSON.stringify(modules));
    return;
  }
  for (const file of files) {
    try {
      await WebAssembly.instantiate(fs.readFileSync(file), new globalThis.Go().importObject);
      console.log(JSON.stringify({ file, ok: true, error: null }));
    } catch (error) {
      console.log(JSON.stringify({ file, ok: false, error: `${error.constructor.name}: ${error.message}` }));
    }
  }
}
main();

// node validate_openapi.mjs <npm-tools-dir> <openapi.json>
//
// Validates an OpenAPI 3.1 document against the official OpenAPI 3.1 JSON schema with
// @seriousme/openapi-schema-validator (installed under <npm-tools-dir> by the test),
// then checks what a JSON schema cannot: every $ref resolves, operationIds are
// unique, and each path's {parameters} match its `in: path` parameters.
// Exit status 0 when valid; otherwise the problems on stderr.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, file] = process.argv.slice(2);
if (!toolsDir || !file) {
  console.error("usage: validate_openapi.mjs <npm-tools-dir> <openapi.json>");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(toolsDir), "package.json"));
const entry = require.resolve("@seriousme/openapi-schema-validator");
const { Validator } = await import(pathToFileURL(entry).href);

const doc = JSON.parse(readFileSync(file, "utf8"));
const problems = [];
const validator = new Validator();
const result = await validator.validate(structuredClone(doc));
if (!result.valid) {
  problems.push("does not match the OpenAPI schema: " + JSON.stringify(result.errors, null, 1));
}
if (validator.version !== "3.1") {
  problems.push(`validated as OpenAPI ${validator.version}, expected 3.1`);
}

function resolve(ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}
(function walk(node, where) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => walk(v, `${where}/${i}`));
  } else if (node !== null && typeof node === "object") {
    if (typeof node.$ref === "string" && resolve(node.$ref) === undefined) {
      problems.push(`${where}: unresolved $ref ${node.$ref}`);
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
  }
})(doc, "#");

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const ids = new Map();
for (const [p, item] of Object.entries(doc.paths ?? {})) {
  const inPath = new Set([...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    const where = `${method.toUpperCase()} ${p}`;
    if (op.operationId) {
      if (ids.has(op.operationId)) {
        problems.push(`${where}: operationId ${op.operationId} also used by ${ids.get(op.operationId)}`);
      }
      ids.set(op.operationId, where);
    }
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(
      (x) => (x.$ref ? resolve(x.$ref) : x) ?? {});
    const declared = new Set();
    for (const param of params.filter((x) => x.in === "path")) {
      declared.add(param.name);
      if (!inPath.has(param.name)) problems.push(`${where}: path parameter ${param.name} is not in the path`);
      if (param.required !== true) problems.push(`${where}: path parameter ${param.name} is not required`);
    }
    for (const name of inPath) {
      if (!declared.has(name)) problems.push(`${where}: {${name}} has no path parameter`);
    }
    const seen = new Set();
    for (const param of params) {
      const key = `${param.in}:${param.name}`;
      if (seen.has(key)) problems.push(`${where}: parameter ${key} twice`);
      seen.add(key);
    }
  }
}

if (problems.length > 0) {
  console.error(`${file}: INVALID\n` + problems.join("\n"));
  process.exit(1);
}
console.log(`${file}: valid OpenAPI ${validator.version}, ${ids.size} operations`);

// Prints one row of Lighthouse scores from a JSON report, with the goals.
//
//   node bench/lighthouse/scores.mjs PATH REPORT.json

import { readFileSync } from "node:fs";

const [path, file] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, "utf8"));
const goals = { performance: [90, "≥ 90"], accessibility: [100, "100"], "best-practices": [95, "≥ 95"] };
const cells = Object.entries(goals).map(([id, [goal, text]]) => {
  const score = Math.round((report.categories[id]?.score ?? 0) * 100);
  return `${String(score).padStart(3)} (${text})${score >= goal ? "  " : " ✗"}`;
});
const failed = Object.entries(goals).flatMap(([id, [goal]]) =>
  Object.values(report.categories[id]?.auditRefs ?? []).length && Math.round((report.categories[id]?.score ?? 0) * 100) < goal
    ? report.categories[id].auditRefs
        .filter((ref) => ref.weight > 0 && (report.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${id}: ${ref.id}`)
    : []);
const landed = new URL(report.finalDisplayedUrl ?? report.finalUrl ?? "http://x/").pathname;
const metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]
  .map((id) => `${{ "first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS" }[id]} ${report.audits[id]?.displayValue ?? "?"}`)
  .join(", ");
console.log(`${path.padEnd(13)} ${cells.join("  ")}  ${metrics}${landed !== path ? ` (shown at ${landed})` : ""}`);
for (const each of failed.slice(0, 8)) {
  console.log(`${"".padEnd(15)}- ${each}`);
}

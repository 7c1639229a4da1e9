// Reads jest-junit's report and prints `N passed, N failed` (and skipped), the line CI reads.
// Usage: node .ci/summary.js <junit.xml> <exit code of the test command> [<step name>=<exit code> ...]
// Each step (package build, package check, ...) counts as one more test case, passed when it exited 0.
const fs = require('fs');
const [file, rcArg, ...stepArgs] = process.argv.slice(2);
const rc = Number(rcArg ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(file)) {
  const xml = fs.readFileSync(file, 'utf-8');
  const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  for (const c of cases) {
    if (/<failure\b|<error\b/.test(c)) failed++;
    else if (/<skipped\b/.test(c)) {
      skipped++;
      console.log(`skipped: ${(c.match(/\bname="([^"]*)"/) ?? [])[1]}`);
    } else passed++;
  }
  // suites that failed to run (syntax errors, crashes) have no test cases but count as failures
  const suiteErrors = (xml.match(/<testsuite\b[^>]*\berrors="([1-9]\d*)"/g) ?? []).length;
  failed += suiteErrors;
}
if (rc !== 0 && failed === 0) failed = 1; // the command failed after the tests (eslint) or before them
let stepsFailed = 0;
for (const arg of stepArgs) {
  const eq = arg.lastIndexOf('=');
  const name = arg.slice(0, eq);
  const ok = arg.slice(eq + 1) === '0';
  console.log(`step ${ok ? 'passed' : 'FAILED'}: ${name}`);
  if (ok) passed++;
  else stepsFailed++;
}
failed += stepsFailed;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(rc === 0 && failed === 0 ? 0 : 1);

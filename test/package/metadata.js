// Checks the installed package's metadata and contents as Construct Hub and users see them.
// `node metadata.js <installed package dir>`: prints one line per problem and exits 1, or prints a summary.
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8'));
const problems = [];
const expect = (ok, message) => { if (!ok) problems.push(message); };

// Construct Hub lists jsii packages with a cdk8s keyword and a permissive license, by their
// jsii targets; users find it by these keywords.
for (const k of ['cdk8s', 'argo-rollouts', 'argocd', 'progressive-delivery']) {
  expect((pkg.keywords || []).includes(k), `keywords lack "${k}" (${JSON.stringify(pkg.keywords)})`);
}
expect(pkg.license === 'Apache-2.0', `license is ${pkg.license}, not Apache-2.0`);
expect(pkg.repository && /^https:\/\/github\.com\//.test(pkg.repository.url), 'repository.url is not a GitHub URL');
expect(pkg.description && pkg.description.length > 20, 'no description');
expect(pkg.author && pkg.author.name, 'no author');
expect(pkg.types === 'lib/index.d.ts' && pkg.main === 'lib/index.js', `main/types are ${pkg.main}/${pkg.types}`);
expect(pkg.jsii && pkg.jsii.targets && pkg.jsii.targets.python && pkg.jsii.targets.python.module === 'cdk8s_progressive',
  'jsii.targets.python.module is not cdk8s_progressive');
expect(pkg.stability === 'stable', `stability is ${pkg.stability}`);
for (const peer of ['cdk8s', 'cdk8s-plus-27', 'constructs']) {
  expect(pkg.peerDependencies && pkg.peerDependencies[peer], `${peer} is not a peer dependency`);
}
expect(pkg.bin && pkg.bin['cdk8s-progressive'] === 'lib/cli/bin.js', 'bin cdk8s-progressive is not lib/cli/bin.js');

// contents: the assembly, its README, the rosetta fixture and tablet; no sources, tests or build output
for (const f of ['.jsii', '.jsii.tabl.json', 'README.md', 'LICENSE', 'API.md', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/bin.js', 'rosetta/default.ts-fixture', 'assets/crd-schemas.json']) {
  expect(fs.existsSync(path.join(dir, f)), `the package lacks ${f}`);
}
for (const f of ['src', 'test', 'build', 'build-tools', 'examples', 'bench', '.ci', 'tsconfig.dev.json', '.projenrc.ts']) {
  expect(!fs.existsSync(path.join(dir, f)), `the package contains ${f}`);
}
const assembly = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf-8'));
expect(assembly.metadata && assembly.metadata.jsii && assembly.metadata.jsii.rosetta && assembly.metadata.jsii.rosetta.strict === true,
  'the assembly does not enforce strict rosetta (jsii.metadata.jsii.rosetta.strict)');

if (problems.length) {
  for (const p of problems) console.log(`package metadata: ${p}`);
  process.exit(1);
}
console.log(`package metadata: ${pkg.name}@${pkg.version}, keywords ${pkg.keywords.join(', ')}; ${Object.keys(assembly.types).length} jsii types`);

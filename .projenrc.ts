import { cdk8s, javascript, JsonFile } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';

/**
 * cdk8s-progressive: typed Argo Rollouts / Argo CD constructs for cdk8s.
 *
 * This file is the single source of project configuration. Toolchain choices
 * (versions, offline packaging, lockfile pins) follow ../shared/reference/TOOLCHAIN.md.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-progressive',
  description: 'Progressive delivery as code: typed Argo Rollouts and Argo CD constructs for cdk8s, validated at synth time with the controller\'s own rules',
  author: 'cdk8s-progressive maintainers',
  authorAddress: 'maintainers@cdk8s-progressive.dev',
  repositoryUrl: 'https://github.com/cdk8s-progressive/cdk8s-progressive.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.16.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],

  bin: { 'cdk8s-progressive': 'lib/cli/bin.js' },

  keywords: ['cdk8s', 'argo-rollouts', 'argocd', 'progressive-delivery', 'kubernetes', 'gitops'],

  // Non-jsii runtime dependencies are bundled into the package.
  bundledDeps: [
    'yaml@^2.8.0', // lint: multi-document YAML with line numbers
    'commander@^14.0.0', // the `cdk8s-progressive` CLI (v15 is ESM-only)
    '@prometheus-io/lezer-promql@0.315.0', // PromQL syntax check of Prometheus queries
    '@lezer/lr@^1.4.2', // peer of lezer-promql
    '@lezer/highlight@^1.2.1', // peer of lezer-promql
    'ajv@^8.17.1', // lint: CRD schema checks (assets/crd-schemas.json); the tests check synth output with it too
  ],
  devDeps: [
    'cdk8s-cli@2.207.60', // `projen import` generates src/imports from the pinned CRDs
    'fast-check@^4.3.0', // property-based tests
    'pyright@1.1.414', // type-checks examples/python against the generated Python bindings (exact: new releases add checks)
  ],

  publishToPypi: { distName: 'cdk8s-progressive', module: 'cdk8s_progressive' },

  gitignore: ['/build/', '/assets/', '/examples/**/dist/', '/bench/results/', '/.jsii.tabl.json', '__pycache__/', '.pytest_cache/'],
  // The package keeps rosetta/ (Construct Hub compiles the README samples with these fixtures) and
  // .jsii.tabl.json (the compiled sample translations that jsii-pacmak uses for the Python docs).
  npmIgnoreOptions: { ignorePatterns: ['/build/', '/examples/', '/bench/', '/build-tools/', '/.ci/', '/tsconfig.dev.json', '__pycache__/', '.pytest_cache/'] },

  jestOptions: {
    jestConfig: {
      // Type checking is done by jsii (compile) and eslint; tests only transpile, which keeps
      // the generated L1 modules (tens of thousands of lines) from being type-checked per suite.
      transform: {
        '^.+\\.[t]sx?$': new javascript.Transform('ts-jest', {
          tsconfig: 'tsconfig.dev.json',
          isolatedModules: true,
        }),
      },
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/dist/'],
      // the test run gets its own TMPDIR, removed at the end (cdk8s's Testing.app() leaves an outdir per app)
      globalSetup: '<rootDir>/test/support/tmpdir-setup.ts',
      globalTeardown: '<rootDir>/test/support/tmpdir-teardown.ts',
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools', 'examples', 'bench'],
    ignorePatterns: ['src/imports/**', 'examples/**/dist/**', '*.d.ts', '*.js', 'node_modules/'],
  },
});

// One TypeScript config for everything that is not the jsii library itself: tests, examples,
// benchmarks and build tools (used by jest, ts-node and eslint's project service).
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { rootDir: '.', noEmit: true },
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'build-tools/**/*.ts'],
    exclude: ['node_modules', 'examples/**/dist'],
  },
});

// eslint's project service looks for the nearest tsconfig.json: give the dev folders one each.
for (const dir of ['examples', 'bench', 'build-tools']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../tsconfig.dev.json', compilerOptions: { rootDir: '..' }, include: ['**/*.ts'], exclude: ['**/dist'] },
  });
}

// README and doc-comment samples are compiled by jsii-rosetta in strict mode: a sample that does not
// compile fails the build, and the Python docs (README of the wheel) are translations of code that compiles.
// rosetta/default.ts-fixture (every exported name of the library) is generated from the assembly.
project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile the README and doc-comment samples with jsii-rosetta (strict) into .jsii.tabl.json',
  steps: [
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json build-tools/rosetta-fixture.ts' },
    { exec: 'jsii-rosetta extract --strict .jsii' },
  ],
});
project.postCompileTask.spawn(rosetta);

// Offline Python packaging: stock jsii-pacmak pip-installs pinned build tools from PyPI,
// which these machines cannot reach (TOOLCHAIN.md, "Python details"). $PYTHON picks another
// interpreter than Debian's /usr/bin/python3 (it needs setuptools and wheel).
const pkgPy = project.tasks.tryFind('package:python')!;
pkgPy.reset('rm -rf build/pacmak dist/python');
pkgPy.exec('jsii-pacmak -v --target python --code-only --rosetta-unknown-snippets=fail -o build/pacmak');
pkgPy.exec('bash build-tools/python-wheel.sh'); // pip wheel (offline), then build-tools/check_wheel.py

// Python bindings of the library and its jsii dependencies for pyright (test/python/examples.test.ts
// generates them when missing; cached in build/python-bindings).
project.addTask('python:bindings', {
  description: 'Generate the Python bindings (code only) of this library, constructs, cdk8s and cdk8s-plus-27 into build/python-bindings',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json build-tools/python-bindings.ts',
});

// The published package as a user gets it: npm pack, install into a new cdk8s app, synth and lint.
project.addTask('package:check', {
  description: 'npm pack the library, install it into a new cdk8s app (npm cache, --prefer-offline), synthesize a Rollout and lint it with the installed bin',
  exec: 'bash test/package/check.sh',
});

// The Python examples synthesized with the jsii Python runtime (from PyPI) must equal the
// TypeScript examples' output byte for byte. Not possible offline (no jsii runtime), so it runs here.
project.buildWorkflow?.addPostBuildJob('python-examples', {
  name: 'Python examples (jsii runtime from PyPI)',
  runsOn: ['ubuntu-latest'],
  permissions: { contents: JobPermission.READ },
  steps: [
    {
      name: 'Checkout',
      uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      with: { ref: '${{ github.event.pull_request.head.sha }}', repository: '${{ github.event.pull_request.head.repo.full_name }}' },
    },
    { name: 'Setup Node.js', uses: 'actions/setup-node@v7.0.0', with: { 'node-version': '20.16.0', 'package-manager-cache': false } },
    { name: 'Setup Python', uses: 'actions/setup-python@v7.0.0', with: { 'python-version': '3.12' } },
    { name: 'Install dependencies', run: 'npm ci' },
    { name: 'Compile (jsii, docs, samples)', run: 'npx projen compile && npx projen post-compile' },
    {
      name: 'Build the wheel',
      run: 'python -m pip install setuptools wheel && npx projen package:python',
      env: { PYTHON: 'python' },
    },
    { name: 'Install the wheel, the jsii runtime and pytest', run: 'python -m pip install dist/python/*.whl pytest' },
    { name: 'Synthesize the Python examples and compare with the TypeScript examples', run: 'python -m pytest test/python -v' },
  ],
});

// `npm ci` needs every platform package in the lockfile (TOOLCHAIN.md, gotcha 1).
project.package.addPackageResolutions('unrs-resolver@1.12.2');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.tasks.addEnvironment('CDK8S_CHECK_UPGRADE', 'false');

// L1 types from the pinned upstream CRDs ($ARGO_CRDS_DIR, default ../shared/crds).
project.addTask('import', {
  description: 'Generate src/imports from the pinned Argo Rollouts v1.9.1 and Argo CD v3.5.1 CRDs ($ARGO_CRDS_DIR)',
  exec: 'ts-node --project tsconfig.dev.json build-tools/import-crds.ts',
});

// The CRD schemas `lint` checks objects against, and the tests check synth output against: generated
// from the pinned CRDs into assets/crd-schemas.json (not committed, shipped in the package), before
// compiling and before the tests (the README's test command runs on a fresh clone without a compile).
const schemas = project.addTask('schemas', {
  description: 'Generate assets/crd-schemas.json (the CRD schemas lint checks against) from the pinned CRDs ($ARGO_CRDS_DIR)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json build-tools/crd-schemas.ts',
});
project.preCompileTask.spawn(schemas);
project.testTask.prependSpawn(schemas);

// The main job: synthesize the demo GitOps repository.
project.addTask('demo', {
  description: 'Synthesize the demo GitOps repository (examples/gitops: Argo CD apps + the blue-green service) into dist/gitops',
  exec: 'ts-node --project tsconfig.dev.json examples/gitops/main.ts dist/gitops',
});

project.synth();

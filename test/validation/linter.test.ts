import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Linter, Severity } from '../../src';
import { expectSchemaValid } from '../support/schema';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'lint');

/** Every *.yaml/*.yml file under a directory, sorted. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

// promoted by hand, and the plan check's "no analysis" warning acknowledged: a clean set
const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  annotations: {progressive.cdk8s.io/acknowledge: plan-no-analysis}
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
  strategy:
    blueGreen:
      activeService: web
      previewService: PREVIEW
      autoPromotionEnabled: false
`;

const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
---
apiVersion: v1
kind: Service
metadata:
  name: web-preview
spec:
  selector:
    app: web
`;

const rollout = (preview: string) => ROLLOUT.replace('PREVIEW', preview);

const SAME_SERVICE = 'This rollout uses the same service for the active and preview services, but two different services are required.';

describe('Linter.lintYaml', () => {
  test('a valid multi-document set has no findings', () => {
    expect(Linter.lintYaml(`${rollout('web-preview')}---\n${SERVICES}`)).toEqual([]);
  });

  test('a finding carries the file and the line of its field', () => {
    const findings = Linter.lintYaml(`# comment\n${rollout('web')}---\n${SERVICES}`, { file: 'app.yaml' });
    expect(findings).toEqual([{
      ruleId: 'bluegreen-distinct-services',
      severity: Severity.ERROR,
      kind: 'Rollout',
      name: 'web',
      namespace: undefined,
      path: 'spec.strategy.blueGreen.previewService',
      message: SAME_SERVICE,
      fix: expect.stringMatching(/\S/),
      file: 'app.yaml',
      line: 22, // `previewService: web`, after the comment line
    }]);
  });

  test('a field the object does not have is reported at its nearest ancestor that exists', () => {
    const template = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: t
spec:
  metrics:
  - name: ok
    provider:
      web:
        url: http://x
  - name: no-interval
    count: 3
    provider:
      web:
        url: http://x
`;
    const [f] = Linter.lintYaml(template);
    expect(f).toMatchObject({ ruleId: 'metric-interval-with-count', path: 'spec.metrics[1].interval', line: 11, file: undefined });
  });

  test('objects without a finding field, or with no fields at all, fall back to the object line', () => {
    const template = '---\n\napiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: empty}\n';
    expect(Linter.lintYaml(template)).toEqual([
      expect.objectContaining({ ruleId: 'crd-required-field', path: 'spec', line: 3 }),
      expect.objectContaining({ ruleId: 'metric-list-not-empty', path: 'spec.metrics', line: 3 }),
    ]);
  });

  test('malformed YAML is a `yaml` finding with its line, and the other documents are still checked', () => {
    const text = `${rollout('web')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web\nspec: {}\n`;
    const findings = Linter.lintYaml(text, { file: 'broken.yaml' });
    expect(findings[0]).toEqual({
      ruleId: 'yaml',
      severity: Severity.ERROR,
      kind: '',
      name: '',
      path: '',
      message: 'Flow map in block collection must be sufficiently indented and end with a }',
      fix: 'fix the YAML syntax',
      file: 'broken.yaml',
      line: 29,
    });
    // the Rollout is checked; the broken Service is not part of the set
    expect(findings.slice(1).map((f) => `${f.line} ${f.ruleId} ${f.message}`)).toEqual([
      '20 ref-service-exists service "web" not found',
      `21 bluegreen-distinct-services ${SAME_SERVICE}`,
      '21 ref-service-exists service "web" not found',
    ]);
  });

  test('duplicate keys are malformed YAML, as for kubectl', () => {
    expect(Linter.lintYaml('kind: Service\nkind: Service\n')).toEqual([
      expect.objectContaining({ ruleId: 'yaml', message: 'Map keys must be unique', line: 2 }),
    ]);
  });

  test('an alias bomb is refused with a `yaml` finding, ordinary anchors and merge keys work', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const bomb = `kind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    expect(Linter.lintYaml(bomb, { file: 'bomb.yaml' })).toEqual([expect.objectContaining({
      ruleId: 'yaml',
      message: 'document expands more than 100 aliases (maxAliasCount): refused as a possible alias bomb',
      file: 'bomb.yaml',
      line: 1,
    })]);
    expect(Linter.lintYaml(bomb, { maxAliasCount: 5 })[0].message).toContain('more than 5 aliases');

    // anchors and merge keys (as Helm and kustomize users write them) are read as kubectl reads them
    const anchored = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  annotations: &notes
    team: shop
spec:
  selector:
    matchLabels: &labels
      app: web
  template:
    metadata:
      annotations:
        <<: *notes
        tier: web
      labels: *labels
    spec:
      containers:
      - name: web
        image: nginx:1.27
  strategy:
    blueGreen:
      activeService: web
      previewService: web-preview
      autoPromotionEnabled: false
---
${SERVICES}`;
    expect(Linter.lintYaml(anchored).map((f) => f.ruleId)).toEqual(['plan-no-analysis']);
    // (the alias is what makes the labels match: without it they don't)
    expect(Linter.lintYaml(anchored.replace('labels: *labels', 'labels: {app: other}')).map((f) => f.ruleId))
      .toContain('rollout-selector-matches-template');
  });

  test('plain yes/no/on/off are booleans and a leading 0 is octal, as kubectl and Argo CD (go-yaml v2) read them', () => {
    const set = (v: string) => `${rollout('web-preview').replace('autoPromotionEnabled: false', `autoPromotionEnabled: ${v}`)}---\n${SERVICES}`;
    for (const no of ['no', 'No', 'NO', 'off', 'Off', 'n', 'N', 'false']) expect(Linter.lintYaml(set(no))).toEqual([]);
    const ids = (yaml: string) => Linter.lintYaml(yaml).map((f) => f.ruleId);
    for (const yes of ['yes', 'on', 'Y']) expect(ids(set(yes))).toEqual(ids(set('true')));
    expect(ids(set('true'))).not.toContain('crd-field-type');
    // quoted, it is the string it looks like: the CRD refuses it
    expect(ids(set('"no"'))).toContain('crd-field-type');
    // a string field given a plain `on` gets a boolean, which the API server refuses
    const template = (value: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: t}
spec:
  args:
  - name: verbose
    value: ${value}
  metrics:
  - name: up
    provider:
      prometheus: {address: 'http://prometheus:9090', query: up}
`;
    expect(Linter.lintYaml(template('on'))).toEqual([expect.objectContaining({ ruleId: 'crd-field-type', path: 'spec.args[0].value', line: 7 })]);
    expect(Linter.lintYaml(template('"on"'))).toEqual([]);
    // keys too (sigs.k8s.io/yaml writes a boolean key as "true"/"false"); numbers as Go's ParseInt reads them
    const { manifests } = Linter._lintSet([{ file: 'c.yaml', text: 'kind: ConfigMap\nmetadata: {name: c}\ndata: {on: x}\nmode: 0644\nhex: 0x1F\nnine: 09\nquoted: "0644"\n' }]);
    expect(manifests[0]).toMatchObject({ data: { true: 'x' }, mode: 420, hex: 31, nine: 9, quoted: '0644' });
  });

  test('an alias to an anchor of another document is malformed YAML', () => {
    expect(Linter.lintYaml('a: &x 1\n---\nb: *x\n')).toEqual([
      expect.objectContaining({ ruleId: 'yaml', line: 3, fix: 'fix the YAML syntax' }),
    ]);
  });

  test('the items of a `kind: List` are objects of the set, each with its own line', () => {
    const list = `apiVersion: v1
kind: List
items:
- ${rollout('web').trimEnd().split('\n').join('\n  ')}
`;
    expect(Linter.lintYaml(`${list}---\n${SERVICES}`)).toEqual([
      expect.objectContaining({ ruleId: 'bluegreen-distinct-services', kind: 'Rollout', line: 24 }),
    ]);
  });

  test('unknown kinds, documents without kind, scalars and empty documents are no findings', () => {
    expect(Linter.lintYaml('---\n---\njust text\n---\n- a\n---\nreplicaCount: 3\n---\napiVersion: x.io/v1\nkind: Thing\nmetadata: {name: t}\n')).toEqual([]);
    expect(Linter.lintYaml('')).toEqual([]);
  });

  test('kinds of other API groups that share a name with Argo\'s are not judged by Argo\'s rules', () => {
    const kruise = [
      'apiVersion: rollouts.kruise.io/v1beta1', 'kind: Rollout', 'metadata: {name: web}',
      'spec:', '  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
      '  strategy: {canary: {steps: [{traffic: 5%, replicas: 20%}]}}',
    ].join('\n');
    const sigApplication = 'apiVersion: app.k8s.io/v1beta1\nkind: Application\nmetadata: {name: shop}\nspec: {componentKinds: [{group: apps, kind: Deployment}]}\n';
    expect(Linter.lintYaml(`${kruise}\n---\n${sigApplication}`)).toEqual([]);
    // the same Rollout as argoproj.io is judged (its step is none Argo knows)
    expect(Linter.lintYaml(kruise.replace('rollouts.kruise.io/v1beta1', 'argoproj.io/v1alpha1')).map((f) => f.ruleId)).toContain('canary-step-kind-required');
  });
});

describe('Linter.lintSources', () => {
  test('references resolve across the files of a set', () => {
    const sources = [{ file: 'rollout.yaml', text: rollout('web-preview') }, { file: 'services.yaml', text: SERVICES }];
    expect(Linter.lintSources(sources)).toEqual([]);
  });

  test('a reference absent from the set is an error, or a warning with ignoreMissingRefs', () => {
    const sources = [{ file: 'rollout.yaml', text: rollout('web-preview') }];
    const missing = {
      ruleId: 'ref-service-exists', kind: 'Rollout', name: 'web', file: 'rollout.yaml',
    };
    expect(Linter.lintSources(sources)).toEqual([
      expect.objectContaining({ ...missing, severity: Severity.ERROR, path: 'spec.strategy.blueGreen.activeService', line: 20 }),
      expect.objectContaining({ ...missing, severity: Severity.ERROR, path: 'spec.strategy.blueGreen.previewService', line: 21 }),
    ]);
    expect(Linter.lintSources(sources, { ignoreMissingRefs: true }).map((f) => f.severity)).toEqual([Severity.WARNING, Severity.WARNING]);
  });

  test('when two files hold an object of the same kind and name, each finding is in the file of the object it was found on', () => {
    const sources = [
      { file: 'base.yaml', text: 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  metrics: []\n' },
      { file: 'overlay.yaml', text: 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  args: []\n' },
    ];
    expect(Linter.lintSources(sources, { checkSchemas: false }).filter((f) => f.ruleId !== 'set-repeated-object')).toEqual([
      expect.objectContaining({ ruleId: 'metric-list-not-empty', file: 'base.yaml', line: 5 }),
      // overlay.yaml has no metrics: its finding is at the deepest part of the path it has (spec)
      expect.objectContaining({ ruleId: 'metric-list-not-empty', file: 'overlay.yaml', line: 4 }),
    ]);
    // a field both objects have, wrong in the second only: reported in the second file (both orders)
    const good = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  metrics:\n  - name: m\n    provider: {web: {url: "http://x"}}\n';
    const bad = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\n# the same template, once more\nspec:\n  metrics:\n  - name: m\n    interval: 5x\n    provider: {web: {url: "http://x"}}\n';
    for (const order of [[good, bad], [bad, good]]) {
      const files = order.map((text) => ({ file: text === bad ? 'bad.yaml' : 'good.yaml', text }));
      expect(Linter.lintSources(files).filter((f) => f.ruleId !== 'set-repeated-object').map((f) => `${f.file}:${f.line} ${f.path}`))
        .toEqual(['bad.yaml:8 spec.metrics[0].interval']);
    }
  });

  test('an object repeated in two files is a warning at the name of the copy that is ignored, the first', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: shop\n  name: web\nspec:\n  ports: [{port: 80}]\n';
    const findings = Linter.lintSources([{ file: 'a.yaml', text }, { file: 'b.yaml', text: `# copied\n${text}` }]);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message} [${f.ruleId}]`)).toEqual([
      'a.yaml:5 warning Resource /Service/shop/web appeared 2 times among application resources. This copy is ignored: the last one is applied [set-repeated-object]',
    ]);
  });

  test('the valid fixture directory matches the CRD schemas and lints clean', () => {
    const files = yamlFiles(path.join(FIXTURES, 'valid'));
    const sources = files.map((f) => ({ file: path.relative(FIXTURES, f), text: fs.readFileSync(f, 'utf-8') }));
    const objects = sources.flatMap((s) => parseAllDocuments(s.text).map((d: any) => d.toJS()));
    expect(expectSchemaValid(objects)).toBeGreaterThanOrEqual(15);
    const findings = Linter.lintSources(sources);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.kind}/${f.name} ${f.path}: ${f.message} [${f.ruleId}]`)).toEqual([]);
  });
});

describe('Linter.lintManifests', () => {
  test('checks plain objects as one set; findings have no file or line', () => {
    const objects = parseAllDocuments(`${rollout('web')}---\n${SERVICES}`).map((d) => d.toJS());
    const findings = Linter.lintManifests([...objects, 'not an object', null]);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'bluegreen-distinct-services', path: 'spec.strategy.blueGreen.previewService' })]);
    expect(findings[0].file).toBeUndefined();
    expect(findings[0].line).toBeUndefined();
  });

  test('ignoreMissingRefs turns missing references into warnings', () => {
    const [r] = parseAllDocuments(rollout('web-preview')).map((d) => d.toJS());
    expect(Linter.lintManifests([r]).map((f) => f.severity)).toEqual([Severity.ERROR, Severity.ERROR]);
    expect(Linter.lintManifests([r], { ignoreMissingRefs: true }).map((f) => f.severity)).toEqual([Severity.WARNING, Severity.WARNING]);
  });
});

/**
 * Synth-time validation: constructs run the rule engine on the objects they synthesize, with the
 * whole app as context, through `node.addValidation`. cdk8s collects every construct's errors and
 * fails `app.synth()` listing all of them at once, each prefixed with the construct path:
 *
 *   [app/web] Rollout/web spec.strategy.blueGreen.previewService: This rollout uses ... [bluegreen-distinct-services]
 *
 * The app's objects are indexed once per validation pass and each object is rendered (`toJson()`)
 * at most once per pass, only when a rule asks for it: validation cost grows linearly with the app.
 *
 * cdk8s's `App.synth()` validates the whole app once, then again for every chart it writes
 * (`Chart.toJson()` → `App._synthChart()` → validate). Without care that makes synth quadratic in
 * the number of charts. No user code can run between those passes, so within one `App.synth()` /
 * `App.synthYaml()` call the per-chart passes reuse the findings of the call's first pass. Every
 * other pass (a new synth call, `Testing.synth()`) starts afresh, so findings always reflect the app
 * as it is when synth is called.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { validateObject } from './engine';
import { Finding, formatFinding, Severity, sortFindings } from './finding';
import { Manifest, ManifestIndex } from './manifest';
import { RuleContext } from './rule';

/** Per-app index of every ApiObject, reset at the start of each validation pass. */
class AppManifests {
  public static of(scope: IConstruct): AppManifests {
    const root = scope.node.root;
    let v = AppManifests.registry.get(root);
    if (!v) {
      v = new AppManifests(root);
      AppManifests.registry.set(root, v);
    }
    return v;
  }

  public static existing(scope: IConstruct): AppManifests | undefined {
    return AppManifests.registry.get(scope.node.root);
  }

  private static readonly registry = new WeakMap<IConstruct, AppManifests>();

  private ctx?: RuleContext;
  private rendered = new Map<ApiObject, Memo<Manifest>>();
  private readonly cache = new Map<ApiObject, Finding[]>();
  private readonly errors = new Map<IConstruct, string[]>();
  /** Where this pass reports warnings: stderr in the first pass of `App.synth()`/`synthYaml()`, nowhere otherwise. */
  private warn?: (line: string) => void;

  private constructor(private readonly root: IConstruct) {
    // cdk8s validates constructs in pre-order, so the root's validation runs first in every pass
    // (app.synth(), Testing.synth()): drop what the previous pass rendered.
    root.node.addValidation({
      validate: () => {
        const pass = synthPass();
        if (pass !== 'per-chart') {
          this.ctx = undefined;
          this.rendered = new Map();
          this.cache.clear();
          this.errors.clear();
          // warnings go to the person running `cdk8s synth`, once per synth; tests (Testing.synth) stay quiet
          this.warn = pass === 'app' ? (line) => process.stderr.write(`${line}\n`) : undefined;
        }
        return [];
      },
    });
  }

  /** The formatted errors of a construct (its own, then its objects'), computed once per pass (and per App.synth call). */
  public errorsOf(scope: IConstruct, objects: () => ApiObject[], own?: () => string[]): string[] {
    let errors = this.errors.get(scope);
    if (!errors) {
      const findings = sortFindings(objects().flatMap((o) => this.findings(o)));
      errors = [...own?.() ?? [], ...findings.filter((f) => f.severity === Severity.ERROR).map(formatFinding)];
      this.errors.set(scope, errors);
      if (this.warn) {
        for (const f of findings) {
          if (f.severity === Severity.WARNING) this.warn(`warning: [${scope.node.path}] ${formatFinding(f)}`);
        }
      }
    }
    return errors;
  }

  /**
   * The rendering this App.synth() call's validation made of `obj`, when `obj` is being rendered for
   * that call's output: within one call no user code runs, so the rendering is still current.
   */
  public renderedForOutput(obj: ApiObject): Manifest | undefined {
    const rendered = this.ctx ? this.rendered.get(obj) : undefined;
    return rendered?.done && isPerChartPassOfAppSynth() ? rendered() : undefined;
  }

  public findings(obj: ApiObject): Finding[] {
    let found = this.cache.get(obj);
    if (!found) {
      found = validateObject(this.json(obj), this.context());
      this.cache.set(obj, found);
    }
    return found;
  }

  private json(obj: ApiObject): Manifest {
    this.context();
    let get = this.rendered.get(obj);
    if (!get) {
      get = memo(() => obj.toJson() as Manifest);
      this.rendered.set(obj, get);
    }
    return get();
  }

  private context(): RuleContext {
    if (!this.ctx) {
      const index = new ManifestIndex();
      for (const c of this.root.node.findAll()) {
        if (c instanceof ApiObject) {
          const get = memo(() => c.toJson() as Manifest);
          this.rendered.set(c, get);
          index.add(c.kind, c.name, c.metadata.namespace, get);
        }
      }
      this.ctx = { index, missingRefSeverity: Severity.ERROR };
    }
    return this.ctx;
  }
}

/**
 * Which validation pass this is: the first pass of an `App.synth()`/`App.synthYaml()` call (`app`), one
 * of the per-chart passes of such a call (`per-chart`, see the note at the top of this file), or any other
 * (`Testing.synth()`, `chart.toJson()`: `other`).
 *
 * Reads the call sites themselves (`Error.prepareStackTrace` returning the structured frames) rather
 * than a formatted stack: formatting goes through source-map support under ts-node and cost more than
 * the rest of a pass. cdk8s's own frames are recognized by file, so subclasses of `App` count too.
 */
function synthPass(): 'app' | 'per-chart' | 'other' {
  let perChart = false;
  for (const f of callSites()) {
    if (!CDK8S_APP_FILE.test(f.getFileName() ?? '')) continue;
    const fn = f.getFunctionName();
    if (fn === '_synthChart') perChart = true;
    else if (fn === 'synth' || fn === 'synthYaml') return perChart ? 'per-chart' : 'app';
  }
  return 'other';
}

/** True in a per-chart pass of `App.synth()`, or when a chart is being rendered for such a call's output. */
function isPerChartPassOfAppSynth(): boolean {
  return synthPass() === 'per-chart';
}

/** cdk8s's `lib/app.js` (or `src/app.ts` when cdk8s itself is run from source). */
const CDK8S_APP_FILE = /[\\/]cdk8s[\\/](lib[\\/]app\.js|src[\\/]app\.ts)$/;

/** The caller's call sites, at most 16 frames deep: enough to see `App.synth` → `Chart.toJson` → `App._synthChart` → validate. */
function callSites(): NodeJS.CallSite[] {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_e, frames) => frames;
    Error.stackTraceLimit = 16;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, callSites);
    return holder.stack ?? [];
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** A function computed at most once; `done` tells whether it has been. */
interface Memo<T> {
  (): T;
  readonly done: boolean;
}

function memo<T>(f: () => T): Memo<T> {
  let value: T;
  const m = Object.assign(() => {
    if (!m.done) {
      value = f();
      m.done = true;
    }
    return value;
  }, { done: false });
  return m;
}

/**
 * Makes `scope`'s validation run the rule engine on `objects()` and fail synth with every error,
 * after the errors `own()` reports about the construct itself (checks of its props that are not
 * about one object). Used by every construct of this library that synthesizes Argo objects.
 */
export function validateAtSynth(scope: IConstruct, objects: () => ApiObject[], own?: () => string[]): void {
  const manifests = AppManifests.of(scope);
  scope.node.addValidation({ validate: () => manifests.errorsOf(scope, objects, own) });
}

/**
 * `obj.toJson()` for the output of an `App.synth()` call reuses the rendering that the call's
 * validation made (a Rollout's pod template and strategy are rendered once per synth, not twice).
 * Anywhere else it returns undefined and the caller renders.
 */
export function renderedBySynthValidation(obj: ApiObject): Manifest | undefined {
  return AppManifests.existing(obj)?.renderedForOutput(obj);
}

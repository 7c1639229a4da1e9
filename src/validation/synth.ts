/**
 * Synth-time validation: constructs run the rule engine on the objects they synthesize, with the
 * whole app as context, through cdk8s's validations (`node.addValidation`). cdk8s collects the errors
 * and fails `app.synth()` listing all of them at once, each prefixed with the construct path:
 *
 *   [app/web] Rollout/web spec.strategy.blueGreen.previewService: This rollout uses ... [bluegreen-distinct-services]
 *
 * The app's objects are indexed once per synth and each object is rendered (`toJson()`) at most once
 * for it, only when a rule asks for it: validation cost grows linearly with the app.
 *
 * cdk8s's `App.synth()` validates the whole app once, then again for every chart it writes
 * (`Chart.toJson()` → `App._synthChart()` → validate), and every validation a construct registers
 * is called in every one of those passes: a cost that grows with the square of the number of charts.
 * So the library registers one validation per app, on the root, which cdk8s calls first in every
 * pass. At the start of a synth it checks every construct of this library in the app at once; only
 * a construct with errors gets a validation of its own (added then, in the same pass), which reports
 * them under the construct's path. No user code can run between the passes of one `App.synth()` /
 * `App.synthYaml()` call, so its per-chart passes do nothing. Every other pass (a new synth call,
 * `Testing.synth()`) starts afresh, so findings always reflect the app as it is when synth is called.
 * (Calling `node.validate()` on one construct directly reports what the last synth found.)
 *
 * The output of an `App.synth()` call reuses what its check rendered: the library's objects, and the
 * other objects its rules read (Services, Ingresses), so that nothing is rendered twice per synth.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { validateObject } from './engine';
import { formatFinding, Severity, sortFindings } from './finding';
import { Manifest, ManifestIndex } from './manifest';
import { RuleContext } from './rule';

/** What `validateAtSynth` registered for a construct. */
interface Checked {
  /** the Argo objects the construct synthesizes */
  readonly objects: () => ApiObject[];
  /** errors about the construct itself */
  readonly own?: () => string[];
  /** whether the construct has its own validation (added the first time it had errors) */
  reporting: boolean;
}

/** Every construct that `validateAtSynth` registered. */
const CHECKED = new WeakMap<IConstruct, Checked>();

/** Per-app state of synth-time validation: the errors found and the renderings the output reuses, reset at each synth. */
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

  /** the renderings made by the last check that the output reuses: the library's objects and the objects its rules read */
  private rendered = new Map<ApiObject, Memo<Manifest>>();
  /** objects not of this library whose `toJson` the last check pointed at its rendering (see `lend`) */
  private readonly lent = new Set<ApiObject>();
  private readonly errors = new Map<IConstruct, string[]>();
  /** whether the output of the App.synth() call that made `rendered` has started (its first render found on the stack inside that call) */
  private outputStarted = false;

  private constructor(private readonly root: IConstruct) {
    // cdk8s validates constructs in pre-order, so the root's validation runs first in every pass
    // (app.synth(), Testing.synth())
    root.node.addValidation({
      validate: () => {
        const pass = synthPass();
        if (pass !== 'per-chart') this.check(pass === 'app');
        return [];
      },
    });
  }

  /**
   * The rendering this App.synth() call's validation made of `obj`, when `obj` is being rendered for
   * that call's output: within one call no user code runs, so the rendering is still current.
   *
   * The output of an App.synth() call renders each object once, after the call's validation. So the
   * first render of `obj` after that is the output's, and takes the rendering; any later one (user
   * code after synth returned, a subclass rendering twice) renders afresh. The first render that finds
   * a rendering reads the call sites to see whether it is inside that `App.synth()` call (whether
   * synth writes through per-chart passes or not: `FOLDER_PER_CHART_FILE_PER_RESOURCE`, a cdk8s that
   * validates once); if not, the renderings are dropped. So the call sites are read at most once per
   * synth, never per object.
   */
  public renderedForOutput(obj: ApiObject): Manifest | undefined {
    const rendered = this.rendered.get(obj);
    if (!rendered) return undefined;
    if (!this.outputStarted) {
      if (!insideAppSynth()) {
        this.rendered = new Map();
        return undefined;
      }
      this.outputStarted = true;
    }
    this.rendered.delete(obj);
    return rendered.done ? rendered() : undefined;
  }

  /**
   * Points the `toJson` of an object that is not this library's (a cdk8s-plus Service or Ingress a
   * rule read) at the rendering the check made, for the call's output: an own property that removes
   * itself when called, and renders afresh unless `renderedForOutput` hands the rendering over. Not
   * for objects that already have an own `toJson` (jsii puts a Python subclass's override there).
   */
  private lend(obj: ApiObject): boolean {
    if (Object.prototype.hasOwnProperty.call(obj, 'toJson') || !Object.isExtensible(obj)) return false;
    const manifests = this;
    Object.defineProperty(obj, 'toJson', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function toJson(this: ApiObject) {
        manifests.unlend(this);
        return manifests.renderedForOutput(this) ?? this.toJson();
      },
    });
    this.lent.add(obj);
    return true;
  }

  private unlend(obj: ApiObject): void {
    delete (obj as { toJson?: unknown }).toJson;
    this.lent.delete(obj);
  }

  /**
   * Checks every construct of this library in the app afresh. Inside `App.synth()`/`synthYaml()` (its
   * first pass) warnings go to the person running `cdk8s synth` (stderr) and the renderings are kept for
   * the call's output; elsewhere (`Testing.synth`) tests stay quiet and every render is fresh.
   */
  private check(inAppSynth: boolean): void {
    this.errors.clear();
    this.outputStarted = false;
    // renderings of an earlier synth are stale: the renders below are the check's own
    this.rendered = new Map();
    for (const obj of [...this.lent]) this.unlend(obj);
    // every ApiObject of the app indexed (rendered only when a rule asks) and the library's constructs, in one walk
    const index = new ManifestIndex();
    const all = new Map<ApiObject, Memo<Manifest>>();
    const checked: IConstruct[] = [];
    for (const c of this.root.node.findAll()) {
      if (CHECKED.has(c)) checked.push(c);
      if (c instanceof ApiObject) {
        const get = memo(() => render(c));
        all.set(c, get);
        index.add(c.kind, c.name, c.metadata.namespace, get);
      }
    }
    // an app's charts may go to different clusters (one chart per environment): only the objects of
    // one chart are known to be applied together
    const ctx: RuleContext = { index, missingRefSeverity: Severity.ERROR, together: (a, b) => CHART_OF.get(a) === CHART_OF.get(b) };
    const kept = new Map<ApiObject, Memo<Manifest>>();
    for (const scope of checked) {
      const c = CHECKED.get(scope)!;
      const findings = sortFindings(c.objects().flatMap((o) => {
        const get = all.get(o) ?? memo(() => render(o));
        kept.set(o, get);
        return validateObject(get(), ctx);
      }));
      const errors = [...c.own?.() ?? [], ...findings.filter((f) => f.severity === Severity.ERROR).map(formatFinding)];
      this.errors.set(scope, errors);
      if (inAppSynth) {
        for (const f of findings) {
          if (f.severity === Severity.WARNING) process.stderr.write(`warning: [${scope.node.path}] ${formatFinding(f)}\n`);
        }
      }
      if (errors.length > 0 && !c.reporting) {
        // cdk8s calls it later in this same pass (pre-order) and prefixes each error with the construct's path
        c.reporting = true;
        scope.node.addValidation({ validate: () => this.errors.get(scope) ?? [] });
      }
    }
    if (!inAppSynth || [...this.errors.values()].some((e) => e.length > 0)) return;
    // the call's output reuses the renderings: the library's objects', and those of the other objects
    // the rules read (their toJson lent for the call); the rest of the index is garbage now
    for (const [obj, get] of all) {
      if (get.done && !kept.has(obj) && this.lend(obj)) kept.set(obj, get);
    }
    this.rendered = kept;
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

/** Whether an `App.synth()`/`App.synthYaml()` call is on the stack: its validation is done when its output renders. */
function insideAppSynth(): boolean {
  return synthPass() !== 'other';
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

/** The chart of each manifest the check rendered. */
const CHART_OF = new WeakMap<Manifest, Chart>();

/** `obj.toJson()`, its chart noted in `CHART_OF`. */
function render(obj: ApiObject): Manifest {
  const m = obj.toJson() as Manifest;
  if (typeof m === 'object' && m !== null) CHART_OF.set(m, Chart.of(obj));
  return m;
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
 * Makes synth run the rule engine on `objects()` and fail with every error, after the errors `own()`
 * reports about the construct itself (checks of its props that are not about one object), each
 * under the construct's path. Used by every construct of this library that synthesizes Argo objects.
 */
export function validateAtSynth(scope: IConstruct, objects: () => ApiObject[], own?: () => string[]): void {
  AppManifests.of(scope);
  CHECKED.set(scope, { objects, own, reporting: false });
}

/**
 * `obj.toJson()` for the output of an `App.synth()` call reuses the rendering that the call's
 * validation made (a Rollout's pod template and strategy are rendered once per synth, not twice).
 * Anywhere else it returns undefined and the caller renders.
 */
export function renderedBySynthValidation(obj: ApiObject): Manifest | undefined {
  return AppManifests.existing(obj)?.renderedForOutput(obj);
}

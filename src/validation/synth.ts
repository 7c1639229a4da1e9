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

  private static readonly registry = new WeakMap<IConstruct, AppManifests>();

  private ctx?: RuleContext;
  private rendered = new Map<ApiObject, () => Manifest>();
  private readonly cache = new Map<ApiObject, Finding[]>();
  private readonly errors = new Map<IConstruct, string[]>();

  private constructor(private readonly root: IConstruct) {
    // cdk8s validates constructs in pre-order, so the root's validation runs first in every pass
    // (app.synth(), Testing.synth()): drop what the previous pass rendered.
    root.node.addValidation({
      validate: () => {
        if (!isPerChartPassOfAppSynth()) {
          this.ctx = undefined;
          this.rendered = new Map();
          this.cache.clear();
          this.errors.clear();
        }
        return [];
      },
    });
  }

  /** The formatted errors of a construct's objects, computed once per pass (and per App.synth call). */
  public errorsOf(scope: IConstruct, objects: () => ApiObject[]): string[] {
    let errors = this.errors.get(scope);
    if (!errors) {
      errors = sortFindings(objects().flatMap((o) => this.findings(o)))
        .filter((f) => f.severity === Severity.ERROR)
        .map(formatFinding);
      this.errors.set(scope, errors);
    }
    return errors;
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
      get = memo(() => obj.toJson());
      this.rendered.set(obj, get);
    }
    return get();
  }

  private context(): RuleContext {
    if (!this.ctx) {
      const index = new ManifestIndex();
      for (const c of this.root.node.findAll()) {
        if (c instanceof ApiObject) {
          const get = memo(() => c.toJson());
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
 * True when this validation pass is one of the per-chart passes that `App.synth()` or
 * `App.synthYaml()` runs after validating the whole app (see the note at the top of this file).
 */
function isPerChartPassOfAppSynth(): boolean {
  const limit = Error.stackTraceLimit;
  // the frames that matter are the 8 below this one: validate closures, Node.validate, cdk8s's
  // validate(), App._synthChart(), Chart.toJson(), App.synth()
  Error.stackTraceLimit = 16;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return /\bApp\.(synth|synthYaml) /.test(stack) && /\._synthChart /.test(stack);
}

function memo<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}

/**
 * Makes `scope`'s validation run the rule engine on `objects()` and fail synth with every error.
 * Used by every construct of this library that synthesizes Argo objects.
 */
export function validateAtSynth(scope: IConstruct, objects: () => ApiObject[]): void {
  const manifests = AppManifests.of(scope);
  scope.node.addValidation({ validate: () => manifests.errorsOf(scope, objects) });
}

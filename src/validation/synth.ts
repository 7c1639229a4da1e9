/**
 * Synth-time validation: constructs run the rule engine on the objects they synthesize, with the
 * whole app as context, through `node.addValidation`. cdk8s collects every construct's errors and
 * fails `app.synth()` listing all of them at once, each prefixed with the construct path:
 *
 *   [app/web] Rollout/web spec.strategy.blueGreen.previewService: This rollout uses ... [bluegreen-distinct-services]
 *
 * The app's objects are indexed once per validation pass and each object is rendered (`toJson()`)
 * at most once per pass, only when a rule asks for it: validation cost grows linearly with the app.
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

  private constructor(private readonly root: IConstruct) {
    // cdk8s validates constructs in pre-order, so the root's validation runs first in every pass
    // (app.synth(), Testing.synth()): drop what the previous pass rendered.
    root.node.addValidation({
      validate: () => {
        this.ctx = undefined;
        this.rendered = new Map();
        return [];
      },
    });
  }

  public findings(obj: ApiObject): Finding[] {
    const ctx = this.context();
    return validateObject(this.json(obj), ctx);
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
  scope.node.addValidation({
    validate: () => sortFindings(objects().flatMap((o) => manifests.findings(o)))
      .filter((f) => f.severity === Severity.ERROR)
      .map(formatFinding),
  });
}

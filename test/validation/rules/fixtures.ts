/**
 * Plain-JSON manifests for the rule tests: a minimal valid blue-green set (Rollout + active/preview
 * Services + the AnalysisTemplate its pre-promotion analysis uses) that each test copies and breaks
 * in one place, and helpers to run the engine and pick findings.
 */
import { validateManifests, ValidateOptions } from '../../../src/validation/engine';
import { Finding, Severity } from '../../../src/validation/finding';
import { Manifest } from '../../../src/validation/manifest';

/** A Service selecting `selector`. */
export function service(name: string, selector: Record<string, string> = { app: 'web' }): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/** A prometheus metric that terminates (interval + count), with `overrides` merged over it. */
export function metric(overrides: Record<string, any> = {}): Record<string, any> {
  return {
    name: 'success-rate',
    interval: '1m',
    count: 5,
    failureLimit: 1,
    successCondition: 'result[0] >= {{args.threshold}}',
    provider: {
      prometheus: {
        address: 'http://prometheus.monitoring:9090',
        query: 'sum(rate(http_requests_total{service="{{args.service}}",code!~"5.."}[1m])) / sum(rate(http_requests_total{service="{{args.service}}"}[1m]))',
      },
    },
    ...overrides,
  };
}

/**
 * An AnalysisTemplate with a required arg `service` and an arg `threshold` with a default, and one
 * metric using both; `spec` fields given replace the defaults.
 */
export function analysisTemplate(name = 'success-rate', spec: Record<string, any> = {}, kind = 'AnalysisTemplate'): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    metadata: { name },
    spec: {
      args: [{ name: 'service' }, { name: 'threshold', value: '0.95' }],
      metrics: [metric()],
      ...spec,
    },
  };
}

/** A blue-green Rollout `web` with a pre-promotion analysis of `success-rate` passing the `service` arg. */
export function blueGreenRollout(): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
      },
      strategy: {
        blueGreen: {
          activeService: 'web-active',
          previewService: 'web-preview',
          prePromotionAnalysis: {
            templates: [{ templateName: 'success-rate' }],
            args: [{ name: 'service', value: 'web-preview' }],
          },
        },
      },
    },
  };
}

/** The minimal valid set, fresh for each call (tests mutate it). */
export class BlueGreenSet {
  public readonly rollout = blueGreenRollout();
  public readonly active = service('web-active');
  public readonly preview = service('web-preview');
  public readonly template = analysisTemplate();
  /** Further objects a test adds. */
  public readonly extra: Manifest[] = [];

  /** `spec` of the Rollout. */
  public get spec(): Record<string, any> {
    return this.rollout.spec;
  }

  /** `spec.strategy.blueGreen` of the Rollout. */
  public get blueGreen(): Record<string, any> {
    return this.rollout.spec.strategy.blueGreen;
  }

  /** The pre-promotion analysis of the Rollout. */
  public get analysis(): Record<string, any> {
    return this.blueGreen.prePromotionAnalysis;
  }

  /** The template's first metric. */
  public get metric(): Record<string, any> {
    return this.template.spec.metrics[0];
  }

  public manifests(): Manifest[] {
    return [this.rollout, this.active, this.preview, this.template, ...this.extra];
  }

  /** Every finding of the set. */
  public findings(options?: ValidateOptions): Finding[] {
    return validateManifests(this.manifests(), options);
  }

  /** The findings of one rule. */
  public findingsOf(ruleId: string, options?: ValidateOptions): Finding[] {
    return this.findings(options).filter((f) => f.ruleId === ruleId);
  }
}

/** The shape a finding must have: everything but the fix hint, which only has to be there. */
export function finding(ruleId: string, object: string, path: string, message: string, severity: Severity = Severity.ERROR): Finding {
  const [kind, name] = object.split('/');
  return expect.objectContaining({ ruleId, severity, kind, name, path, message, fix: expect.stringMatching(/\S/) });
}

/** The findings of one rule on a list of manifests. */
export function findingsOf(manifests: Manifest[], ruleId: string, options?: ValidateOptions): Finding[] {
  return validateManifests(manifests, options).filter((f) => f.ruleId === ruleId);
}

/**
 * `ruleId path: message` lines, for readable failure output when a set should be clean. The plan
 * checks' warnings (`plan-*`: a minimal fixture has no analysis) are about the release plan, not
 * about the rule under test, and are tested in plan.test.ts: they are left out.
 */
export function summary(findings: Finding[]): string[] {
  return findings.filter((f) => !f.ruleId.startsWith('plan-')).map((f) => `${f.ruleId} ${f.kind}/${f.name} ${f.path}: ${f.message}`);
}

import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { synthTemplate } from './synth-template';
import { MetricCatalog, WebHeader } from '../../../src';


describe('MetricCatalog.smokeTest', () => {
  test('a Job that runs once against the new version, with TARGET_HOST from the wired args', () => {
    const t = synthTemplate(MetricCatalog.smokeTest({ container: { image: 'ghcr.io/acme/smoke:1', args: ['--url', 'http://$(TARGET_HOST):8080'] } }));
    expect(t.spec.args).toEqual([{ name: 'service-name' }, { name: 'namespace' }]);
    const m = t.spec.metrics[0];
    expect(m.name).toBe('smoke-test');
    // once: no interval, count or failure limit
    expect(Object.keys(m).sort()).toEqual(['name', 'provider']);
    expect(m.provider.job.spec.activeDeadlineSeconds).toBe(300);
    expect(m.provider.job.spec.backoffLimit).toBe(0);
    const c = m.provider.job.spec.template.spec.containers[0];
    expect(c.image).toBe('ghcr.io/acme/smoke:1');
    expect(c.args).toEqual(['--url', 'http://$(TARGET_HOST):8080']);
    expect(c.env).toEqual([{ name: 'TARGET_HOST', value: '{{args.service-name}}.{{args.namespace}}.svc' }]);
  });

  test('overrides: name, deadline, retries, the container\'s own TARGET_HOST', () => {
    const t = synthTemplate(MetricCatalog.smokeTest({
      name: 'e2e',
      container: { image: 'e2e', envVariables: { TARGET_HOST: kplus.EnvValue.fromValue('web.example.com'), MODE: kplus.EnvValue.fromValue('quick') } },
      activeDeadline: Duration.minutes(10),
      backoffLimit: 2,
      initialDelay: Duration.seconds(30),
    }));
    const m = t.spec.metrics[0];
    expect(m.name).toBe('e2e');
    expect(m.initialDelay).toBe('30s');
    expect(m.provider.job.spec).toMatchObject({ activeDeadlineSeconds: 600, backoffLimit: 2 });
    expect(m.provider.job.spec.template.spec.containers[0].env).toEqual([
      { name: 'TARGET_HOST', value: 'web.example.com' },
      { name: 'MODE', value: 'quick' },
    ]);
  });

  test('needs a container', () => {
    expect(() => MetricCatalog.smokeTest({} as any)).toThrow('MetricCatalog.smokeTest: "container" is required (the test image and command)');
  });
});

describe('MetricCatalog.healthCheck', () => {
  test('a JSON health endpoint of the new version\'s Service', () => {
    const t = synthTemplate(MetricCatalog.healthCheck({ port: 8080 }));
    expect(t.spec.args).toEqual([{ name: 'service-name' }, { name: 'namespace' }]);
    expect(t.spec.metrics).toEqual([{
      name: 'health-check',
      interval: '1m',
      count: 5,
      failureLimit: 1,
      successCondition: 'result == "ok"',
      provider: { web: { url: 'http://{{args.service-name}}.{{args.namespace}}.svc:8080/healthz', jsonPath: '{$.status}' } },
    }]);
  });

  test('overrides: path, JSONPath, expected value, headers, timeout', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'Token', { metadata: { name: 'health-token' } });
    const t = synthTemplate(MetricCatalog.healthCheck({
      port: 9000,
      path: '/actuator/health',
      jsonPath: '{$.components.db.status}',
      expected: 'UP',
      headers: [WebHeader.fromSecret('Authorization', secret, 'token', 'Bearer ')],
      timeout: Duration.seconds(5),
      count: 3,
    }), chart);
    expect(t.spec.args).toEqual([
      { name: 'service-name' },
      { name: 'namespace' },
      { name: 'health-check-header-authorization', valueFrom: { secretKeyRef: { name: 'health-token', key: 'token' } } },
    ]);
    expect(t.spec.metrics[0].successCondition).toBe('result == "UP"');
    expect(t.spec.metrics[0].count).toBe(3);
    expect(t.spec.metrics[0].provider.web).toEqual({
      url: 'http://{{args.service-name}}.{{args.namespace}}.svc:9000/actuator/health',
      jsonPath: '{$.components.db.status}',
      headers: [{ key: 'Authorization', value: 'Bearer {{args.health-check-header-authorization}}' }],
      timeoutSeconds: 5,
    });
  });

  test('a URL of your own declares only the catalog arguments it uses', () => {
    expect(synthTemplate(MetricCatalog.healthCheck({ url: 'https://web.example.com/healthz' })).spec.args).toBeUndefined();
    expect(synthTemplate(MetricCatalog.healthCheck({ url: 'https://{{args.service-name}}.example.com/healthz' })).spec.args).toEqual([{ name: 'service-name' }]);
  });

  test('bad arguments', () => {
    expect(() => MetricCatalog.healthCheck({})).toThrow('MetricCatalog.healthCheck: give "port" (the port of the new version\'s Service) or a full "url"');
    expect(() => MetricCatalog.healthCheck({ url: 'http://x', port: 80 })).toThrow('MetricCatalog.healthCheck: give either "url" or "port" (and "path"), not both');
    expect(() => MetricCatalog.healthCheck({ port: 70000 })).toThrow('MetricCatalog.healthCheck: "port" must be a port number from 1 to 65535: 70000');
    expect(() => MetricCatalog.healthCheck({ port: 80, path: 'healthz' })).toThrow('MetricCatalog.healthCheck: "path" must begin with a "/": healthz');
    expect(() => MetricCatalog.healthCheck({ port: 65535, path: '/' })).not.toThrow();
  });
});

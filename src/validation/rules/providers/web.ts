/**
 * Rules for the Web metric provider (argo-rollouts `metricproviders/webmetric`); see common.ts.
 * Read from upstream v1.9.1 `webmetric.go` `Run`, which builds the request with Go's `net/http`
 * (`http.NewRequest`, `Header.Set`, `Client.Do`): the errors below are the ones it returns there, at
 * every measurement.
 */
import { Severity } from '../../finding';
import { isObject, joinPath } from '../../manifest';
import { Rule } from '../../rule';
import { replacePlaceholders } from '../analysis';
import { headersRule, oauth2Rules, providerRuleFor, unset } from './common';

const webRule = providerRuleFor('web');

/** `value` without its `{{...}}` placeholders: the text that is there whatever the arguments are. */
function literal(value: string): string {
  return replacePlaceholders(value, () => '');
}

/** Control characters (a line break of a YAML block scalar, ...): `net/url` and `net/http` refuse them. */
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * The scheme `url.Parse` reads from `url` (lower case; '' when there is none), or undefined when a
 * placeholder stands where the scheme would end: a letter, then letters, digits, "+", "-" and "."
 * up to a ":".
 */
function schemeOf(url: string): string | undefined {
  const at = url.indexOf('{{');
  const head = at < 0 ? url : url.slice(0, at);
  const letters = /^[A-Za-z][A-Za-z0-9+.-]*/.exec(head)?.[0] ?? '';
  if (at >= 0 && letters.length === head.length) return undefined;
  return head[letters.length] === ':' && letters ? letters.toLowerCase() : '';
}

/** Whether the text after `scheme:` gives the request a host (`//host...`), or a placeholder may. */
function hasHost(rest: string): boolean {
  return rest.startsWith('{{') || rest.startsWith('/{{') || /^\/\/[^/?#]/.test(rest);
}

/** Why every request to `url` fails, in Go's words, or undefined when it may succeed. */
function urlError(url: string): string | undefined {
  if (url === '') return 'url is empty: every request fails with unsupported protocol scheme ""';
  // url.Parse refuses any control character in the URL
  if (CONTROL.test(literal(url))) return `net/url: invalid control character in URL: ${JSON.stringify(url)}`;
  const scheme = schemeOf(url);
  if (scheme === undefined) return undefined;
  if (scheme !== 'http' && scheme !== 'https') return `unsupported protocol scheme "${scheme}": ${JSON.stringify(url)} is not an http(s) URL`;
  if (!hasHost(url.slice(scheme.length + 1))) return `http: no Host in request URL: ${JSON.stringify(url)}`;
  return undefined;
}

/** Whether the metric sends a string body: `body` is non-empty whatever its placeholders resolve to. */
function hasBody(body: unknown): boolean {
  return typeof body === 'string' && literal(body) !== '';
}

/** Whether the metric sends a JSON body: any `jsonBody` (even `{}`) is one; the API server drops a null. */
function hasJsonBody(jsonBody: unknown): boolean {
  return jsonBody != null;
}

export const WEB_RULES: Rule[] = [
  webRule({
    id: 'web-url-http',
    ref: 'library',
    message: 'url must be an http(s) URL with a host: every request fails (unsupported protocol scheme, no Host in request URL)',
    fix: 'give the endpoint\'s full URL, such as http://web-preview.default/healthz (a {{args.x}} placeholder may stand in it)',
    *check({ provider, path }) {
      // the CRD requires url but accepts "": Run sends the request to it as it is
      const url = provider.url;
      if (typeof url !== 'string') return;
      const message = urlError(url);
      if (message) yield { path: joinPath(path, 'url'), message };
    },
  }),
  webRule({
    id: 'web-body-or-json-body',
    ref: 'library',
    message: 'use either Body or JSONBody; both cannot exists for WebMetric payload',
    fix: 'send the payload once: as text in body, or as JSON in jsonBody (which also sets Content-Type: application/json)',
    *check({ provider, path }) {
      if (hasBody(provider.body) && hasJsonBody(provider.jsonBody)) yield { path: joinPath(path, 'body') };
    },
  }),
  webRule({
    id: 'web-body-method',
    ref: 'library',
    message: 'Body/JSONBody can only be used with POST or PUT WebMetric Method types',
    fix: 'set method: POST or PUT, or remove body / jsonBody for a GET request',
    *check({ provider, path }) {
      // upstream checks this after the body-and-jsonBody case (else if): one error per measurement
      const body = hasBody(provider.body);
      const json = hasJsonBody(provider.jsonBody);
      if (body === json) return;
      const method = provider.method;
      // an empty method is GET; a placeholder is judged once a run resolves it
      if (unset(method) || method === 'GET') yield { path: joinPath(path, 'method') };
    },
  }),
  headersRule('web'),
  webRule({
    id: 'web-sigv4-ignored',
    ref: 'library',
    severity: Severity.WARNING,
    message: 'authentication.sigv4 is ignored: the Web provider does not sign requests (it reads only authentication.oauth2)',
    fix: 'remove authentication.sigv4: authenticate the Web metric with authentication.oauth2 or a header read from a Secret, or query Amazon Managed Service for Prometheus with a Prometheus metric (which signs for aps-workspaces addresses)',
    *check({ provider, path }) {
      // NewWebMetricHttpClient builds the client from timeoutSeconds, insecure and authentication.oauth2 only
      if (isObject(provider.authentication) && isObject(provider.authentication.sigv4)) yield { path: joinPath(path, 'authentication.sigv4') };
    },
  }),
  ...oauth2Rules('web'),
];

/**
 * The rule engine on manifests that were not synthesized here: YAML text (Helm output, hand-written
 * manifests, `kubectl get -o yaml`) or plain objects. The `lint` command and the jsii API below are
 * thin layers over `validateManifests`, the same function the constructs run at synth.
 */
import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, ScalarTag } from 'yaml';
import { validateEach, validateManifests, ValidateOptions } from './engine';
import { Finding, Severity, sortFindings } from './finding';
import { isObject, Manifest } from './manifest';

/**
 * A finding of the linter: a rule engine finding plus where it is in the input, when known.
 */
export interface LintFinding extends Finding {
  /**
   * File the object was read from.
   * @default - not known (the input had no file name)
   */
  readonly file?: string;
  /**
   * 1-based line of the field the finding is about (or of its object, when the field is absent).
   * @default - not known (the input was not YAML text, or the file could not be read)
   */
  readonly line?: number;
}

/**
 * Options for linting a manifest set.
 */
export interface LintOptions {
  /**
   * Report a reference to an object that is not in the set (a Service, an AnalysisTemplate...) as a
   * warning instead of an error. Use it when the set is knowingly partial.
   * @default false
   */
  readonly ignoreMissingRefs?: boolean;
  /**
   * Most alias expansions (`*anchor`) one YAML document may make. A document that needs more is
   * refused with a `yaml` finding: it protects against "billion laughs" alias bombs. -1 disables the limit.
   * @default 100
   */
  readonly maxAliasCount?: number;
  /**
   * Check Argo objects against the pinned CRD schemas (Argo Rollouts v1.9.1, Argo CD v3.5.1): missing
   * required fields, unknown fields, wrong types and values (the `crd-*` rules). Turn it off for
   * objects written for other CRD versions.
   * @default true
   */
  readonly checkSchemas?: boolean;
}

/**
 * Options for linting one YAML text.
 */
export interface LintYamlOptions extends LintOptions {
  /**
   * File name to report in findings.
   * @default - findings have no file
   */
  readonly file?: string;
}

/**
 * One YAML text of a manifest set and the file it came from.
 */
export interface YamlSource {
  /** File name reported in findings (any string, e.g. a path or `<stdin>`). */
  readonly file: string;
  /** The YAML text: one or more documents. */
  readonly text: string;
}

/** Rule id of findings about the YAML itself (unreadable, malformed, alias bomb). */
const YAML_RULE_ID = 'yaml';

/** A YAML finding: not about an object, so without kind, name or path. */
function yamlFinding(file: string | undefined, line: number | undefined, message: string, fix = 'fix the YAML syntax'): LintFinding {
  return { ruleId: YAML_RULE_ID, severity: Severity.ERROR, kind: '', name: '', path: '', message, fix, file, line };
}

/** The result of linting one manifest set. */
interface LintSetResult {
  /** Every finding, sorted per object (see `sortFindings`); `yaml` findings first. */
  readonly findings: LintFinding[];
  /** The objects of the set, as read (in file and document order). */
  readonly manifests: Manifest[];
}

/** An object of the set and where it was read from. */
interface Located {
  readonly manifest: Manifest;
  readonly file?: string;
  readonly node?: unknown;
  readonly lines?: LineCounter;
}

const DEFAULT_MAX_ALIAS_COUNT = 100;

/** What the engine is asked to check for `options`. */
function validateOptions(options: LintOptions): ValidateOptions {
  return { ignoreMissingRefs: options.ignoreMissingRefs ?? false, checkSchemas: options.checkSchemas ?? true };
}

/**
 * Parses every document of `sources` and lints them together as one set: the linter behind
 * `Linter.lintYaml`, `Linter.lintSources` and the `lint` command.
 */
function lintYamlSet(sources: readonly { file?: string; text: string }[], options: LintOptions = {}): LintSetResult {
  const { objects, yamlFindings } = parseYamlSet(sources, options);
  const findings = validateEach(objects.map((o) => o.manifest), validateOptions(options));
  const located = objects.flatMap((o, i) => findings[i].map((f) => locate(f, o)));
  return { findings: [...sortFindings(yamlFindings), ...sortFindings(located)], manifests: objects.map((o) => o.manifest) };
}

/**
 * Plain scalars that kubectl and Argo CD read differently from YAML 1.2: they parse manifests with
 * go-yaml v2 (through sigs.k8s.io/yaml), which follows YAML 1.1 here. So `autoPromotionEnabled: no` is
 * false (not the string "no", which the CRD schema would refuse and the plan would read as unset),
 * a label `enabled: yes` is a boolean (which the API server refuses), and `0644` is octal (420).
 * Quoted scalars stay strings. Tried before the YAML 1.2 core tags.
 */
const GO_YAML_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const GO_YAML_SCALARS: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    identify: (v) => typeof v === 'boolean',
    test: /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON|n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/,
    resolve: (s) => GO_YAML_TRUE.test(s),
  },
  {
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    default: true,
    identify: (v) => typeof v === 'number' && Number.isInteger(v),
    test: /^[-+]?0[0-7]+$/, // Go's strconv.ParseInt(s, 0, 64): a leading 0 is octal
    resolve: (s) => parseInt(s, 8),
  },
];

/** Parses every document of `sources`: the objects with where they were read, and a `yaml` finding for each document that cannot be read. */
function parseYamlSet(
  sources: readonly { file?: string; text: string }[],
  options: LintOptions,
): { objects: Located[]; yamlFindings: LintFinding[] } {
  const objects: Located[] = [];
  const yamlFindings: LintFinding[] = [];
  for (const source of sources) {
    const lines = new LineCounter();
    const docs = parseAllDocuments(source.text, {
      lineCounter: lines,
      prettyErrors: false,
      logLevel: 'silent',
      merge: true, // `<<` merge keys, as kubectl (go-yaml) reads them
      customTags: (tags) => [...GO_YAML_SCALARS, ...tags],
    });
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        yamlFindings.push(isStackOverflow(e.message)
          ? tooDeep(source.file, lines.linePos(docStart(doc)).line)
          : yamlFinding(source.file, lines.linePos(e.pos[0]).line, firstLine(e.message)));
        continue;
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT });
      } catch (e) {
        const line = lines.linePos(docStart(doc)).line;
        const max = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
        yamlFindings.push(e instanceof ReferenceError && /excessive alias/i.test(e.message)
          ? yamlFinding(source.file, line, `document expands more than ${max} aliases (maxAliasCount): refused as a possible alias bomb`,
            'expand the aliases by hand, or raise maxAliasCount if the document is trusted')
          : isStackOverflow(String((e as Error)?.message))
            ? tooDeep(source.file, line)
            : yamlFinding(source.file, line, firstLine(String((e as Error)?.message ?? e))));
        continue;
      }
      collect(value, doc.contents, source.file, lines, objects);
    }
  }
  return { objects, yamlFindings };
}

/** Adds the object(s) of one document: a Kubernetes object, or the items of a `kind: List`. */
function collect(value: unknown, node: unknown, file: string | undefined, lines: LineCounter, out: Located[]): void {
  if (!isObject(value)) return; // empty documents, scalars: not Kubernetes objects, nothing to check
  if (value.kind === 'List' && Array.isArray(value.items)) {
    const itemsNode = isMap(node) ? node.get('items', true) : undefined;
    value.items.forEach((item: unknown, i: number) => {
      if (isObject(item)) out.push({ manifest: item, file, node: isSeq(itemsNode) ? itemsNode.items[i] : node, lines });
    });
    return;
  }
  out.push({ manifest: value, file, node, lines });
}

/** Adds the file and line of `o`, the object it was found on, to an engine finding. */
function locate(f: Finding, o: Located): LintFinding {
  const offset = fieldPosition(o.node, f.path);
  return { ...f, file: o.file, line: offset !== undefined && o.lines ? o.lines.linePos(offset).line : undefined };
}

/**
 * Offset of the field at `path` (`spec.strategy.canary.steps[1].setWeight`) in a document node:
 * the key of the deepest map entry or sequence item of the path that exists, or the node itself.
 * Map keys may contain dots (label and annotation keys): the longest key that fits is taken.
 */
function fieldPosition(root: unknown, path: string): number | undefined {
  if (!isNode(root) || !root.range) return undefined;
  let node: unknown = root;
  let offset = root.range[0];
  let rest = path;
  while (rest !== '') {
    if (isMap(node)) {
      let match: { key: any; value: unknown; len: number } | undefined;
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        const next = rest.charAt(k.length);
        if (k !== '' && rest.startsWith(k) && (next === '' || next === '.' || next === '[') && (!match || k.length > match.len)) {
          match = { key: pair.key, value: pair.value, len: k.length };
        }
      }
      if (!match?.key.range) break;
      offset = match.key.range[0];
      rest = rest.slice(match.len).replace(/^\./, '');
      node = match.value;
    } else if (isSeq(node)) {
      const m = /^\[(\d+)\]\.?/.exec(rest);
      const item: unknown = m ? node.items[Number(m[1])] : undefined;
      const at = isPair(item) ? item.key : item;
      if (!m || !isNode(at) || !at.range) break;
      offset = at.range[0];
      rest = rest.slice(m[0].length);
      node = item;
    } else {
      break; // a scalar, or an alias (reported where it is used)
    }
    if (isAlias(node)) break;
  }
  return offset;
}

/** The JavaScript engine's message when a document is nested too deeply for the parser. */
function isStackOverflow(message: string): boolean {
  return /maximum call stack size exceeded/i.test(message);
}

function tooDeep(file: string | undefined, line: number | undefined): LintFinding {
  return yamlFinding(file, line, 'document is nested too deeply to be read (hundreds of levels of maps or lists)',
    'flatten the document: Kubernetes manifests are never nested this deep');
}

function docStart(doc: Document.Parsed): number {
  return isNode(doc.contents) && doc.contents.range ? doc.contents.range[0] : doc.range[0];
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/**
 * Runs the rule engine on manifests that were not synthesized by this library: YAML text or plain
 * objects. Every object of one call is checked with the others as context, with every rule the
 * constructs run at synth, and all findings are returned at once (nothing is thrown for a bad
 * manifest). Objects of kinds the rules do not know (Services, Ingresses, VirtualServices...) are
 * context for the others; they are never a finding themselves.
 *
 * @example
 * const findings = Linter.lintYaml(fs.readFileSync('rollout.yaml', 'utf-8'), { file: 'rollout.yaml' });
 */
export class Linter {
  /**
   * Lints one YAML text: every document in it is one object of the set.
   *
   * Malformed YAML is reported as a finding with rule id `yaml` and its line, not thrown.
   * @param text the YAML text (one or more documents)
   * @param options file name, missing references, alias limit, CRD schema checks
   */
  public static lintYaml(text: string, options: LintYamlOptions = {}): LintFinding[] {
    return lintYamlSet([{ file: options.file, text }], options).findings;
  }

  /**
   * Lints several YAML texts as one set (for instance every file of a directory): a Rollout in one
   * file finds its Services and AnalysisTemplates in the others.
   * @param sources the texts and their file names
   * @param options missing references, alias limit, CRD schema checks
   */
  public static lintSources(sources: YamlSource[], options: LintOptions = {}): LintFinding[] {
    return lintYamlSet(sources, options).findings;
  }

  /**
   * Lints plain manifest objects (parsed JSON or YAML, `ApiObject.toJson()` output) as one set.
   * Findings have no file or line.
   * @param manifests the objects
   * @param options missing references, CRD schema checks (`maxAliasCount` does not apply)
   */
  public static lintManifests(manifests: any[], options: LintOptions = {}): LintFinding[] {
    return validateManifests(manifests.filter(isObject), validateOptions(options));
  }

  /**
   * Lints YAML texts as one set and also gives the objects read (for the `lint` summary, and the set
   * `plan` plans from; documents that cannot be read are the findings with rule id `yaml`).
   * @internal
   */
  public static _lintSet(sources: YamlSource[], options: LintOptions = {}): { findings: LintFinding[]; manifests: any[] } {
    return lintYamlSet(sources, options);
  }

  /** Whether a finding is about the YAML itself (unreadable, malformed) rather than an object. @internal */
  public static _isYamlFinding(f: LintFinding): boolean {
    return f.ruleId === YAML_RULE_ID;
  }

  /**
   * A finding about the input itself (rule id `yaml`): unreadable file, malformed YAML.
   * @internal
   */
  public static _yamlFinding(file: string, line: number | undefined, message: string, fix: string): LintFinding {
    return yamlFinding(file, line, message, fix);
  }

  private constructor() {}
}

import * as L1 from '../imports/argocd-argoproj.io';

/** Options of a cluster generator. */
export interface ClusterGeneratorOptions {
  /**
   * Labels of the cluster Secrets to select (`argocd.argoproj.io/secret-type: cluster` Secrets).
   * @default - every cluster registered in Argo CD (and the local one)
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Extra parameters, available as `{{.values.<key>}}` (Go templates).
   * @default - none
   */
  readonly values?: { [key: string]: string };
}

/** Options of a Git directory or Git file generator. */
export interface GitGeneratorOptions {
  /** URL of the Git repository. */
  readonly repoUrl: string;
  /**
   * Branch, tag or commit.
   * @default 'HEAD'
   */
  readonly revision?: string;
  /** Path globs to include, e.g. `apps/*` (directories) or `clusters/*.json` (files). */
  readonly paths: string[];
  /**
   * Path globs to exclude.
   * @default - none
   */
  readonly excludePaths?: string[];
  /**
   * Prefix of the path parameters (`{{.<prefix>.path.basename}}`), to combine two Git generators.
   * @default - none
   */
  readonly pathParamPrefix?: string;
  /**
   * Extra parameters, available as `{{.values.<key>}}` (Go templates).
   * @default - none
   */
  readonly values?: { [key: string]: string };
}

/**
 * A generator of an ApplicationSet: produces the parameter sets the template is rendered with,
 * one Application per set.
 */
export class ApplicationSetGenerator {
  /**
   * One Application per element; each element's keys are template parameters (`{{.cluster}}`).
   * @param elements parameter sets
   */
  public static list(elements: Array<{ [key: string]: any }>): ApplicationSetGenerator {
    if (elements.length === 0) throw new Error('ApplicationSetGenerator.list() needs at least one element');
    return new ApplicationSetGenerator({ list: { elements: elements.map((e) => ({ ...e })) } });
  }

  /**
   * One Application per cluster registered in Argo CD: parameters `{{.name}}`, `{{.server}}`,
   * `{{.metadata.labels.<key>}}`, ...
   */
  public static clusters(options: ClusterGeneratorOptions = {}): ApplicationSetGenerator {
    return new ApplicationSetGenerator({
      clusters: {
        selector: options.matchLabels ? { matchLabels: { ...options.matchLabels } } : undefined,
        values: options.values,
      },
    });
  }

  /**
   * One Application per directory of a Git repository that matches `paths`: parameters
   * `{{.path.path}}`, `{{.path.basename}}`, ...
   */
  public static gitDirectories(options: GitGeneratorOptions): ApplicationSetGenerator {
    return new ApplicationSetGenerator({ git: { ...gitGenerator(options), directories: gitPaths(options) } });
  }

  /**
   * One Application per JSON/YAML file of a Git repository that matches `paths`: the file's keys
   * are parameters, plus `{{.path.path}}`, `{{.path.filename}}`, ...
   */
  public static gitFiles(options: GitGeneratorOptions): ApplicationSetGenerator {
    return new ApplicationSetGenerator({ git: { ...gitGenerator(options), files: gitPaths(options) } });
  }

  private constructor(private readonly generator: L1.ApplicationSetSpecGenerators) {}

  /** @internal */
  public _toL1(): L1.ApplicationSetSpecGenerators {
    return this.generator;
  }
}

function gitPaths(options: GitGeneratorOptions): Array<{ path: string; exclude?: boolean }> {
  if (options.paths.length === 0) throw new Error('a Git generator needs at least one path glob in "paths"');
  return [...options.paths.map((path) => ({ path })), ...(options.excludePaths ?? []).map((path) => ({ path, exclude: true }))];
}

function gitGenerator(options: GitGeneratorOptions): L1.ApplicationSetSpecGeneratorsGit {
  return {
    repoUrl: options.repoUrl,
    revision: options.revision ?? 'HEAD',
    pathParamPrefix: options.pathParamPrefix,
    values: options.values,
  };
}

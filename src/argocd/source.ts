import * as L1 from '../imports/argocd-argoproj.io';

/**
 * What every Application source has: where the repository is and which revision to use.
 */
export interface SourceOptions {
  /** URL of the Git repository, Helm repository or OCI registry (`oci://...`). */
  readonly repoUrl: string;
  /**
   * Git: the branch, tag or commit to sync; Helm repository: the chart version (or a semver
   * range). A Helm chart needs one: synth fails without it.
   * @default - Git: `HEAD`
   */
  readonly targetRevision?: string;
  /**
   * Multi-source Applications: the name other sources use to read files of this one, as
   * `$<ref>/path/values.yaml` Helm value files. Letters, digits, `_` and `-` only.
   * @default - none
   */
  readonly ref?: string;
  /**
   * Multi-source Applications: a name for the source, shown in the UI (unique per Application).
   * @default - none
   */
  readonly name?: string;
}

/** A Jsonnet external variable or top-level argument. */
export interface JsonnetVariable {
  /** Variable name. */
  readonly name: string;
  /** Value (a string, or Jsonnet code when `code` is true). */
  readonly value: string;
  /**
   * Evaluate `value` as Jsonnet code instead of a string.
   * @default false
   */
  readonly code?: boolean;
}

/** Jsonnet options of a Git directory source. */
export interface JsonnetOptions {
  /**
   * External variables (`--ext-str` / `--ext-code`).
   * @default - none
   */
  readonly extVars?: JsonnetVariable[];
  /**
   * Top-level arguments (`--tla-str` / `--tla-code`).
   * @default - none
   */
  readonly tlas?: JsonnetVariable[];
  /**
   * Additional library search directories.
   * @default - none
   */
  readonly libs?: string[];
}

/** A directory of plain YAML/JSON/Jsonnet manifests in a Git repository. */
export interface GitSourceOptions extends SourceOptions {
  /** Directory in the repository (`.` for the root). */
  readonly path: string;
  /**
   * Read manifests in sub-directories too.
   * @default false
   */
  readonly recurse?: boolean;
  /**
   * Glob of the files to use, e.g. `web.k8s.yaml` or `{a.yaml,b.yaml}` for several.
   * @default - every manifest file
   */
  readonly include?: string;
  /**
   * Glob of the files to leave out.
   * @default - none
   */
  readonly exclude?: string;
  /**
   * Jsonnet options.
   * @default - none
   */
  readonly jsonnet?: JsonnetOptions;
}

/** A Helm parameter (`--set name=value`). */
export interface HelmParameter {
  /** Parameter name, e.g. `image.tag`. */
  readonly name: string;
  /** Value. */
  readonly value: string;
  /**
   * Pass the value as a string (`--set-string`) even when it looks like a number or boolean.
   * @default false
   */
  readonly forceString?: boolean;
}

/** A Helm file parameter (`--set-file name=path`). */
export interface HelmFileParameter {
  /** Parameter name. */
  readonly name: string;
  /** Path of the file, relative to the source. */
  readonly path: string;
}

/** A Helm chart, from a Helm repository (`chart`) or from a Git repository (`path`). */
export interface HelmSourceOptions extends SourceOptions {
  /**
   * Chart name in a Helm repository or OCI registry; `targetRevision` is then the chart version.
   * @default - the chart is in a Git repository at `path`
   */
  readonly chart?: string;
  /**
   * Directory of the chart in a Git repository.
   * @default - the chart comes from a Helm repository (`chart`)
   */
  readonly path?: string;
  /**
   * Value files, relative to the chart, or `$<ref>/path` to read one from another source of a
   * multi-source Application (see `ApplicationSource.valueFile()`).
   * @default - the chart's own values.yaml only
   */
  readonly valueFiles?: string[];
  /**
   * Values, as an object (`valuesObject`): applied after the value files.
   * @default - none
   */
  readonly values?: { [key: string]: any };
  /**
   * Individual parameters (`--set`), applied last.
   * @default - none
   */
  readonly parameters?: HelmParameter[];
  /**
   * File parameters (`--set-file`).
   * @default - none
   */
  readonly fileParameters?: HelmFileParameter[];
  /**
   * Helm release name.
   * @default - the Application's name
   */
  readonly releaseName?: string;
  /**
   * Namespace to template with.
   * @default - the Application's destination namespace
   */
  readonly namespace?: string;
  /**
   * Skip installing the chart's CRDs (`--skip-crds`).
   * @default false
   */
  readonly skipCrds?: boolean;
  /**
   * Skip the chart's test manifests (`--skip-tests`).
   * @default false
   */
  readonly skipTests?: boolean;
  /**
   * Skip the chart's values JSON schema validation (`--skip-schema-validation`).
   * @default false
   */
  readonly skipSchemaValidation?: boolean;
  /**
   * Do not fail when a value file is missing.
   * @default false
   */
  readonly ignoreMissingValueFiles?: boolean;
  /**
   * Pass repository credentials to every domain the chart downloads from (`--pass-credentials`).
   * @default false
   */
  readonly passCredentials?: boolean;
  /**
   * Kubernetes version passed to Helm (`--kube-version`).
   * @default - the destination cluster's version
   */
  readonly kubeVersion?: string;
  /**
   * API versions passed to Helm (`--api-versions`), as `[group/]version/kind`.
   * @default - the destination cluster's API versions
   */
  readonly apiVersions?: string[];
}

/** A replica count override of a kustomize source. */
export interface KustomizeReplica {
  /** Name of the Deployment or StatefulSet. */
  readonly name: string;
  /** Number of replicas. */
  readonly count: number;
}

/** Which objects a kustomize patch applies to. */
export interface KustomizePatchTarget {
  /**
   * API group.
   * @default - any
   */
  readonly group?: string;
  /**
   * API version.
   * @default - any
   */
  readonly version?: string;
  /**
   * Kind.
   * @default - any
   */
  readonly kind?: string;
  /**
   * Object name (regular expression).
   * @default - any
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - any
   */
  readonly namespace?: string;
  /**
   * Label selector.
   * @default - any
   */
  readonly labelSelector?: string;
  /**
   * Annotation selector.
   * @default - any
   */
  readonly annotationSelector?: string;
}

/** A kustomize patch: inline (`patch`) or from a file (`path`). */
export interface KustomizePatch {
  /**
   * Inline strategic-merge or JSON6902 patch.
   * @default - the patch is read from `path`
   */
  readonly patch?: string;
  /**
   * Path of the patch file, relative to the source.
   * @default - the patch is inline (`patch`)
   */
  readonly path?: string;
  /**
   * Objects the patch applies to.
   * @default - the patch names its own target
   */
  readonly target?: KustomizePatchTarget;
  /**
   * Patch options, e.g. `{ allowNameChange: true }`.
   * @default - none
   */
  readonly options?: { [key: string]: boolean };
}

/** A kustomization in a Git repository, with overrides applied by Argo CD. */
export interface KustomizeSourceOptions extends SourceOptions {
  /** Directory of the kustomization. */
  readonly path: string;
  /**
   * Image overrides, as kustomize writes them: `name=newName:tag`, `name:tag` or `name@digest`.
   * @default - none
   */
  readonly images?: string[];
  /**
   * Prefix added to every object name.
   * @default - none
   */
  readonly namePrefix?: string;
  /**
   * Suffix added to every object name.
   * @default - none
   */
  readonly nameSuffix?: string;
  /**
   * Namespace set on every namespaced object.
   * @default - the kustomization's own
   */
  readonly namespace?: string;
  /**
   * Labels added to every object (and selectors).
   * @default - none
   */
  readonly commonLabels?: { [key: string]: string };
  /**
   * Annotations added to every object.
   * @default - none
   */
  readonly commonAnnotations?: { [key: string]: string };
  /**
   * Patches.
   * @default - none
   */
  readonly patches?: KustomizePatch[];
  /**
   * Replica count overrides.
   * @default - none
   */
  readonly replicas?: KustomizeReplica[];
  /**
   * Kustomize components to add.
   * @default - none
   */
  readonly components?: string[];
  /**
   * Kustomize version configured in Argo CD to use.
   * @default - Argo CD's default kustomize
   */
  readonly version?: string;
}

/** A parameter of a Config Management Plugin. */
export class PluginParameter {
  /** A string parameter. */
  public static ofString(name: string, value: string): PluginParameter {
    return new PluginParameter({ name, string: value });
  }

  /** An array parameter. */
  public static ofArray(name: string, values: string[]): PluginParameter {
    return new PluginParameter({ name, array: [...values] });
  }

  /** A map parameter. */
  public static ofMap(name: string, values: { [key: string]: string }): PluginParameter {
    return new PluginParameter({ name, map: { ...values } });
  }

  private constructor(private readonly param: L1.ApplicationSpecSourcePluginParameters) {}

  /** @internal */
  public _toL1(): L1.ApplicationSpecSourcePluginParameters {
    return this.param;
  }
}

/** A source rendered by a Config Management Plugin (sidecar). */
export interface PluginSourceOptions extends SourceOptions {
  /** Directory in the repository. */
  readonly path: string;
  /**
   * Name of the plugin (`<metadata.name>-<spec.version>` of its ConfigManagementPlugin).
   * @default - the plugin is discovered from the directory contents
   */
  readonly pluginName?: string;
  /**
   * Environment variables passed to the plugin.
   * @default - none
   */
  readonly env?: { [key: string]: string };
  /**
   * Plugin parameters.
   * @default - none
   */
  readonly parameters?: PluginParameter[];
}

/** A source that only provides files (value files) to the other sources of a multi-source Application. */
export interface RefSourceOptions {
  /** URL of the Git repository. */
  readonly repoUrl: string;
  /** The name other sources use as `$<ref>/path`. Letters, digits, `_` and `-` only. */
  readonly ref: string;
  /**
   * Branch, tag or commit.
   * @default HEAD
   */
  readonly targetRevision?: string;
}

/**
 * Where an Application's manifests come from: a Git directory, a Helm chart, a kustomization or a
 * Config Management Plugin. Several sources make a multi-source Application; a source with a `ref`
 * lends its files to the others (`$ref/values.yaml`).
 */
export class ApplicationSource {
  /**
   * A directory of plain manifests (YAML, JSON, Jsonnet) in a Git repository, e.g. the output of
   * `cdk8s synth` (see `GitOpsRepository`).
   */
  public static git(options: GitSourceOptions): ApplicationSource {
    const directory: L1.ApplicationSpecSourceDirectory = {
      recurse: options.recurse,
      include: options.include,
      exclude: options.exclude,
      jsonnet: options.jsonnet ? {
        extVars: options.jsonnet.extVars?.map((v) => ({ name: v.name, value: v.value, code: v.code })),
        tlas: options.jsonnet.tlas?.map((v) => ({ name: v.name, value: v.value, code: v.code })),
        libs: options.jsonnet.libs,
      } : undefined,
    };
    const hasDirectory = Object.values(directory).some((v) => v !== undefined);
    return new ApplicationSource(options, () => ({
      ...common(options),
      path: options.path,
      directory: hasDirectory ? directory : undefined,
    }));
  }

  /**
   * A Helm chart from a Helm repository or OCI registry (`chart` + `targetRevision` = chart
   * version) or from a Git repository (`path`).
   */
  public static helm(options: HelmSourceOptions): ApplicationSource {
    if (options.chart !== undefined && options.path !== undefined) {
      throw new Error(`a helm source takes "chart" (Helm repository) or "path" (Git), not both: chart ${JSON.stringify(options.chart)}, path ${JSON.stringify(options.path)}`);
    }
    const helm: L1.ApplicationSpecSourceHelm = {
      valueFiles: options.valueFiles ? [...options.valueFiles] : undefined,
      valuesObject: options.values,
      parameters: options.parameters?.map((p) => ({ name: p.name, value: p.value, forceString: p.forceString })),
      fileParameters: options.fileParameters?.map((p) => ({ name: p.name, path: p.path })),
      releaseName: options.releaseName,
      namespace: options.namespace,
      skipCrds: options.skipCrds,
      skipTests: options.skipTests,
      skipSchemaValidation: options.skipSchemaValidation,
      ignoreMissingValueFiles: options.ignoreMissingValueFiles,
      passCredentials: options.passCredentials,
      kubeVersion: options.kubeVersion,
      apiVersions: options.apiVersions,
    };
    const hasHelm = Object.values(helm).some((v) => v !== undefined);
    return new ApplicationSource(options, () => ({
      ...common(options),
      chart: options.chart,
      path: options.path,
      helm: hasHelm ? helm : undefined,
    }));
  }

  /** A kustomization in a Git repository, with image, name, label, patch and replica overrides. */
  public static kustomize(options: KustomizeSourceOptions): ApplicationSource {
    for (const r of options.replicas ?? []) {
      if (!Number.isInteger(r.count) || r.count < 0) throw new Error(`kustomize replicas of "${r.name}" must be a whole number >= 0: ${r.count}`);
    }
    const kustomize: L1.ApplicationSpecSourceKustomize = {
      images: options.images ? [...options.images] : undefined,
      namePrefix: options.namePrefix,
      nameSuffix: options.nameSuffix,
      namespace: options.namespace,
      commonLabels: options.commonLabels,
      commonAnnotations: options.commonAnnotations,
      patches: options.patches?.map((p) => ({ patch: p.patch, path: p.path, target: p.target ? { ...p.target } : undefined, options: p.options })),
      replicas: options.replicas?.map((r) => ({ name: r.name, count: L1.ApplicationSpecSourceKustomizeReplicasCount.fromNumber(r.count) })),
      components: options.components,
      version: options.version,
    };
    const hasKustomize = Object.values(kustomize).some((v) => v !== undefined);
    return new ApplicationSource(options, () => ({
      ...common(options),
      path: options.path,
      kustomize: hasKustomize ? kustomize : undefined,
    }));
  }

  /** Manifests rendered by a Config Management Plugin. */
  public static plugin(options: PluginSourceOptions): ApplicationSource {
    return new ApplicationSource(options, () => ({
      ...common(options),
      path: options.path,
      plugin: {
        name: options.pluginName,
        env: options.env ? Object.entries(options.env).map(([name, value]) => ({ name, value })) : undefined,
        parameters: options.parameters?.map((p) => p._toL1()),
      },
    }));
  }

  /**
   * A Git repository that only lends files to the other sources of a multi-source Application,
   * typically Helm value files: `ApplicationSource.reference({ repoUrl, ref: 'values' }).valueFile('prod/values.yaml')`.
   */
  public static reference(options: RefSourceOptions): ApplicationSource {
    return new ApplicationSource(options, () => common(options));
  }

  /**
   * A source whose fields are computed when the Application is rendered.
   * @internal
   */
  public static _lazy(options: SourceOptions, render: () => L1.ApplicationSpecSource): ApplicationSource {
    return new ApplicationSource(options, render);
  }

  /** URL of the repository. */
  public readonly repoUrl: string;
  /**
   * The source's `ref` (multi-source Applications).
   * @default - none
   */
  public readonly refName?: string;

  private constructor(options: SourceOptions, private readonly render: () => L1.ApplicationSpecSource) {
    this.repoUrl = options.repoUrl;
    this.refName = options.ref;
  }

  /**
   * A Helm value file of this source for another source of the same Application: `$<ref>/<path>`.
   * @param path path of the file in this source's repository
   */
  public valueFile(path: string): string {
    if (!this.refName) throw new Error(`valueFile(${JSON.stringify(path)}) needs a source with a "ref" (e.g. ApplicationSource.reference({ repoUrl, ref: 'values' }))`);
    return `$${this.refName}/${path.replace(/^\/+/, '')}`;
  }

  /**
   * The source as Argo CD JSON (the same for `spec.source` and `spec.sources[]`).
   * @internal
   */
  public _render(): Record<string, any> {
    return L1.toJson_ApplicationSpecSource(this.render())!;
  }
}

function common(options: SourceOptions): L1.ApplicationSpecSource {
  return { repoUrl: options.repoUrl, targetRevision: options.targetRevision, ref: options.ref, name: options.name };
}

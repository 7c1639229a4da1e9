"""A GitOps repository written by ``cdk8s synth`` (Python port of examples/gitops/app.ts; same objects, same names).

The blue-green service for a dev and a prod cluster, and the Argo CD objects that deploy it. Dev
syncs automatically; prod syncs when a person (or the release pipeline) asks, and never on
weekends. The ingress controller each cluster needs is a Helm chart with values, the Argo Rollouts
controller is installed on every labelled cluster by an ApplicationSet, and a root Application
(app-of-apps) deploys all the Applications.

Run: ``python3 gitops.py [outdir]`` (or ``cdk8s synth --app "python3 gitops.py"``).
"""
import sys
from dataclasses import dataclass
from typing import List

from cdk8s import ApiObjectMetadata, App, Chart, Duration
from cdk8s_progressive import (
    ApplicationInfo,
    ApplicationSet,
    ApplicationSetGenerator,
    ApplicationSource,
    ApplicationTemplate,
    AppProject,
    ArgoCDApplication,
    CascadeDelete,
    Destination,
    GitOpsRepository,
    OrphanedResourcesOptions,
    ProjectPolicy,
    ProjectPolicyResource,
    ProjectResourceKind,
    ProjectRole,
    SyncOption,
    SyncPolicy,
    SyncRetry,
    SyncWindow,
    SyncWindowKind,
)

from blue_green import BlueGreenDemoChart

# One namespace per environment: the synth-time reference checks see the whole app as one set of
# objects, so two copies of the service in one namespace would be looked up across environments.
DEV_NAMESPACE = "rollouts-demo-dev"
PROD_NAMESPACE = "rollouts-demo"
INGRESS_NGINX = "https://kubernetes.github.io/ingress-nginx"
ARGO_HELM = "https://argoproj.github.io/argo-helm"


@dataclass
class GitOpsDemo:
    """The charts and Argo CD objects of the demo."""

    dev: BlueGreenDemoChart
    prod: BlueGreenDemoChart
    argocd: Chart
    bootstrap: Chart
    repo: GitOpsRepository
    project: AppProject
    dev_app: ArgoCDApplication
    prod_app: ArgoCDApplication
    ingress_apps: List[ArgoCDApplication]
    rollouts_controllers: ApplicationSet
    root: ArgoCDApplication


def build_gitops_demo(
    app: App,
    *,
    repo_url: str = "https://github.com/cdk8s-progressive/gitops-demo.git",
    target_revision: str = "main",
    path: str = "dist",
    dev_image: str = "argoproj/rollouts-demo:green",
    prod_image: str = "argoproj/rollouts-demo:blue",
) -> GitOpsDemo:
    """Builds the demo repository into ``app``."""
    # the service, once per cluster: one file each in the repository
    dev = BlueGreenDemoChart(app, "dev-rollouts-demo", namespace=DEV_NAMESPACE, host="rollouts-demo.dev.example.com", image=dev_image)
    prod = BlueGreenDemoChart(app, "prod-rollouts-demo", namespace=PROD_NAMESPACE, host="rollouts-demo.example.com", image=prod_image)

    argocd = Chart(app, "argocd-apps", namespace="argocd")

    # least privilege: exactly the repositories, destinations and cluster-scoped kinds in use
    project = AppProject(
        argocd, "Project",
        metadata=ApiObjectMetadata(name="rollouts-demo"),
        description="The blue-green demo service and what it needs on each cluster",
        cluster_resource_whitelist=[
            ProjectResourceKind(group="", kind="Namespace"),
            ProjectResourceKind(group="apiextensions.k8s.io", kind="CustomResourceDefinition"),
            ProjectResourceKind(group="rbac.authorization.k8s.io", kind="ClusterRole"),
            ProjectResourceKind(group="rbac.authorization.k8s.io", kind="ClusterRoleBinding"),
            ProjectResourceKind(group="networking.k8s.io", kind="IngressClass"),
            ProjectResourceKind(group="admissionregistration.k8s.io", kind="ValidatingWebhookConfiguration"),
        ],
        roles=[
            ProjectRole(
                name="developer",
                description="sees every application, syncs dev",
                policies=[
                    ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, "get"),
                    ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, "sync", "dev-*"),
                ],
                groups=["acme:developers"],
            ),
            ProjectRole(
                name="release-manager",
                description="promotes to prod",
                policies=[ProjectPolicy.allow(ProjectPolicyResource.APPLICATIONS, "sync")],
                groups=["acme:release-managers"],
            ),
        ],
        sync_windows=[SyncWindow(
            kind=SyncWindowKind.DENY,
            schedule="0 0 * * 6",
            duration=Duration.hours(48),
            clusters=["prod"],
            description="no prod changes on weekends",
        )],
        orphaned_resources=OrphanedResourcesOptions(warn=True),
    )

    repo = GitOpsRepository(
        argocd, "Repo",
        repo_url=repo_url,
        target_revision=target_revision,
        path=path,
        project=project,
        cascade_delete=CascadeDelete.FOREGROUND,
    )

    dev_app = repo.add_chart(
        dev,
        destination=Destination.cluster("dev", DEV_NAMESPACE),
        sync_policy=SyncPolicy.automated(prune=True, self_heal=True),
        sync_options=[SyncOption.create_namespace()],
        retry=SyncRetry(limit=5, backoff_duration=Duration.seconds(10), backoff_max_duration=Duration.minutes(3)),
        sync_wave=1,
    )
    prod_app = repo.add_chart(
        prod,
        destination=Destination.cluster("prod", PROD_NAMESPACE),
        sync_policy=SyncPolicy.manual(),
        sync_options=[SyncOption.create_namespace()],
        info=[ApplicationInfo(name="Promotion", value="change prodImage in examples/gitops/app.ts, synth, commit, then sync")],
        sync_wave=1,
    )

    # the ingress controller the demo's Ingresses and success-rate analyses rely on: a Helm chart with values
    ingress_apps = [
        ArgoCDApplication(
            argocd, f"IngressNginx-{cluster}",
            metadata=ApiObjectMetadata(name=f"{cluster}-ingress-nginx"),
            project=project,
            source=ApplicationSource.helm(
                repo_url=INGRESS_NGINX,
                chart="ingress-nginx",
                target_revision="4.11.3",
                release_name="ingress-nginx",
                values={
                    "controller": {
                        "replicaCount": replicas,
                        "metrics": {"enabled": True},
                        "podAnnotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "10254"},
                    },
                },
            ),
            destination=Destination.cluster(cluster, "ingress-nginx"),
            sync_policy=SyncPolicy.automated(prune=True, self_heal=True),
            sync_options=[SyncOption.create_namespace()],
            cascade_delete=CascadeDelete.FOREGROUND,
        )
        for cluster, replicas in [("dev", 1), ("prod", 2)]
    ]

    # the Argo Rollouts controller on every cluster labelled argo-rollouts=enabled (dev and prod)
    rollouts_controllers = ApplicationSet(
        argocd, "RolloutsControllers",
        metadata=ApiObjectMetadata(name="argo-rollouts"),
        generators=[ApplicationSetGenerator.clusters(match_labels={"argo-rollouts": "enabled"})],
        template=ApplicationTemplate(
            name="{{.name}}-argo-rollouts",
            project=project,
            source=ApplicationSource.helm(
                repo_url=ARGO_HELM,
                chart="argo-rollouts",
                target_revision="2.41.1",  # Argo Rollouts v1.9.1
                values={"controller": {"replicas": 2}, "dashboard": {"enabled": True}},
            ),
            destination=Destination.cluster("{{.name}}", "argo-rollouts"),
            sync_policy=SyncPolicy.automated(prune=True, self_heal=True),
            sync_options=[SyncOption.create_namespace(), SyncOption.server_side_apply()],
            cascade_delete=CascadeDelete.FOREGROUND,
        ),
    )

    for application in [dev_app, prod_app, *ingress_apps]:
        project.allow_application(application)
    project.add_source_repo(ARGO_HELM)
    for cluster in ["dev", "prod"]:
        project.add_destination(Destination.cluster(cluster, "argo-rollouts"))

    # the root of the app-of-apps: `kubectl apply -f dist/bootstrap.k8s.yaml` once
    bootstrap = Chart(app, "bootstrap", namespace="argocd")
    root = repo.add_app_of_apps(bootstrap, "Root")

    return GitOpsDemo(
        dev=dev, prod=prod, argocd=argocd, bootstrap=bootstrap, repo=repo, project=project, dev_app=dev_app,
        prod_app=prod_app, ingress_apps=ingress_apps, rollouts_controllers=rollouts_controllers, root=root,
    )


def main(outdir: str = "dist") -> None:
    # The Applications point at `dist/` of the GitOps repository: synthesize into that checkout's dist/.
    app = App(outdir=outdir)
    build_gitops_demo(app)
    app.synth()


if __name__ == "__main__":
    main(*sys.argv[1:2])

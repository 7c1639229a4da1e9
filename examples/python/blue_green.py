"""Blue-green with preview (Python port of examples/blue-green/app.ts; same objects, same names).

v1 serves prod.local through the active Service while v2 is reachable on preview.local through the
preview Service. A smoke-test Job and a Prometheus success-rate check must pass before promotion
(failure aborts the update); after promotion the success rate is checked again (failure rolls
back). A small traffic generator keeps both hosts busy so the analyses have data.

Run: ``python3 blue_green.py [outdir]`` (or ``cdk8s synth --app "python3 blue_green.py"``).
"""
import sys
from typing import Optional

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, App, Chart, Duration
from cdk8s_progressive import (
    AnalysisTemplate,
    ArgValue,
    BlueGreenPromotion,
    BlueGreenRollout,
    Metric,
    MetricProvider,
    RolloutAnalysis,
    TemplateArg,
)
from constructs import Construct

from demo import curl_container, demo_container, resources, success_rate_template, traffic_generator


class BlueGreenDemoChart(Chart):
    """The blue-green demo service: Rollout, analyses, Ingresses and a traffic generator."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: Optional[str] = None,
        image: str = "argoproj/rollouts-demo:blue",
        host: str = "prod.local",
        preview_host: str = "preview.local",
        prometheus_address: str = "http://prometheus.monitoring:9090",
    ) -> None:
        super().__init__(scope, id, namespace=namespace)

        self.success_rate = success_rate_template(self, prometheus_address)

        self.smoke_test = AnalysisTemplate(
            self, "SmokeTest",
            metadata=ApiObjectMetadata(name="smoke-test"),
            args=[TemplateArg.required("url")],
            metrics=[Metric(
                name="smoke-test",
                provider=MetricProvider.job(
                    active_deadline=Duration.minutes(2),
                    containers=[curl_container(
                        "smoke",
                        args=["--fail", "--silent", "--show-error", "--retry", "5", "--retry-all-errors", "{{args.url}}"],
                        resources=resources(50, 200, 32, 64),
                    )],
                ),
            )],
        )

        self.rollout = BlueGreenRollout(
            self, "Rollout",
            metadata=ApiObjectMetadata(name="rollouts-demo"),
            replicas=2,
            revision_history_limit=3,
            promotion=BlueGreenPromotion.automatic(),
            scale_down_delay=Duration.seconds(30),
            containers=[demo_container(image, port_number=8080)],
            pre_promotion_analysis=RolloutAnalysis(
                templates=[self.smoke_test, self.success_rate],
                args={
                    "url": ArgValue.of("http://rollouts-demo-preview:8080/"),
                    "service-name": ArgValue.of("rollouts-demo-preview"),
                },
            ),
            post_promotion_analysis=RolloutAnalysis(
                templates=[self.success_rate],
                args={"service-name": ArgValue.of("rollouts-demo-active")},
            ),
        )

        kplus.Ingress(
            self, "ProdIngress",
            metadata=ApiObjectMetadata(name="rollouts-demo-prod", annotations={"kubernetes.io/ingress.class": "nginx"}),
            rules=[kplus.IngressRule(host=host, backend=kplus.IngressBackend.from_service(self.rollout.active_service))],
        )
        kplus.Ingress(
            self, "PreviewIngress",
            metadata=ApiObjectMetadata(name="rollouts-demo-preview", annotations={"kubernetes.io/ingress.class": "nginx"}),
            rules=[kplus.IngressRule(host=preview_host, backend=kplus.IngressBackend.from_service(self.rollout.preview_service))],
        )

        # Keeps both hosts busy so that the success-rate analyses have data.
        traffic_generator(self, "while true; do curl -s -o /dev/null http://rollouts-demo-active:8080/color; "
                                "curl -s -o /dev/null http://rollouts-demo-preview:8080/color; sleep 0.5; done")


def main(outdir: str = "dist") -> None:
    app = App(outdir=outdir)
    BlueGreenDemoChart(app, "rollouts-demo", namespace="rollouts-demo")
    app.synth()


if __name__ == "__main__":
    main(*sys.argv[1:2])

"""NGINX canary (Python port of examples/canary-nginx/app.ts; same objects, same names).

The new version gets 20% of the traffic for five minutes, then a Prometheus success-rate analysis
of the canary Service decides whether it goes on to 50% for five more minutes and then 100%. A
failed analysis aborts the update and all traffic returns to the stable version. The stable
Ingress routes to the stable Service; the controller derives the canary Ingress from it. A small
traffic generator keeps the host busy so the analysis has data.

Run: ``python3 canary_nginx.py [outdir]`` (or ``cdk8s synth --app "python3 canary_nginx.py"``).
"""
import sys
from typing import Optional

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, App, Chart, Duration
from cdk8s_progressive import ArgValue, CanaryRollout, CanaryStep, TrafficRouting
from constructs import Construct

from demo import demo_container, success_rate_template, traffic_generator


class CanaryNginxChart(Chart):
    """The NGINX canary demo: Rollout with steps, analysis, stable Ingress and a traffic generator."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: Optional[str] = None,
        image: str = "argoproj/rollouts-demo:blue",
        host: str = "canary.local",
        prometheus_address: str = "http://prometheus.monitoring:9090",
        ingress_controller_url: str = "http://ingress-nginx-controller.ingress-nginx",
    ) -> None:
        super().__init__(scope, id, namespace=namespace)

        self.success_rate = success_rate_template(self, prometheus_address)

        # The stable Ingress: the rollout names it, the controller copies it into a canary Ingress.
        self.ingress = kplus.Ingress(
            self, "Ingress",
            metadata=ApiObjectMetadata(name="rollouts-demo"),
            class_name="nginx",
        )

        self.rollout = CanaryRollout(
            self, "Rollout",
            metadata=ApiObjectMetadata(name="rollouts-demo"),
            replicas=4,
            revision_history_limit=3,
            traffic_routing=TrafficRouting.nginx(stable_ingress=self.ingress),
            containers=[demo_container(image, ports=[kplus.ContainerPort(number=8080, name="http")])],
        )

        # NGINX routing needs the stable and canary Services: the rollout created them.
        stable_service = self.rollout.stable_service
        canary_service = self.rollout.canary_service
        assert stable_service is not None and canary_service is not None
        self.ingress.add_host_rule(host, "/", kplus.IngressBackend.from_service(stable_service))

        self.rollout.add_step(CanaryStep.weight(20))
        self.rollout.add_step(CanaryStep.pause(Duration.minutes(5)))
        self.rollout.add_step(CanaryStep.analysis(
            templates=[self.success_rate],
            args={"service-name": ArgValue.of(canary_service.name)},
        ))
        self.rollout.add_step(CanaryStep.weight(50))
        self.rollout.add_step(CanaryStep.pause(Duration.minutes(5)))
        self.rollout.add_step(CanaryStep.weight(100))

        # Keeps the host busy through the ingress controller so that the analysis has data.
        traffic_generator(self, f"while true; do curl -s -o /dev/null -H 'Host: {host}' {ingress_controller_url}/color; sleep 0.2; done")


def main(outdir: str = "dist") -> None:
    app = App(outdir=outdir)
    CanaryNginxChart(app, "rollouts-demo", namespace="rollouts-demo")
    app.synth()


if __name__ == "__main__":
    main(*sys.argv[1:2])

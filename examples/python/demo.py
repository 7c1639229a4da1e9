"""Parts the blue-green and canary examples share: the demo container, the success-rate analysis
and the traffic generator (the TypeScript examples write them out in each app.ts; the objects and
their names are the same)."""
from typing import List, Optional

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, Duration, Size
from cdk8s_progressive import AnalysisTemplate, Metric, MetricProvider, TemplateArg
from constructs import Construct

# Success rate of a Service as seen by the NGINX ingress controller (no traffic counts as success).
SUCCESS_RATE = " ".join([
    'sum(rate(nginx_ingress_controller_requests{service="{{args.service-name}}",status!~"5.."}[1m]))',
    "/",
    'sum(rate(nginx_ingress_controller_requests{service="{{args.service-name}}"}[1m]))',
])

CURL_IMAGE = "curlimages/curl:8.10.1"


def resources(cpu_request: int, cpu_limit: int, memory_request: int, memory_limit: int) -> kplus.ContainerResources:
    """CPU in millicores, memory in MiB."""
    return kplus.ContainerResources(
        cpu=kplus.CpuResources(request=kplus.Cpu.millis(cpu_request), limit=kplus.Cpu.millis(cpu_limit)),
        memory=kplus.MemoryResources(request=Size.mebibytes(memory_request), limit=Size.mebibytes(memory_limit)),
    )


def success_rate_template(scope: Construct, prometheus_address: str) -> AnalysisTemplate:
    """The ``success-rate`` AnalysisTemplate: three measurements a minute apart, at least 95% each."""
    return AnalysisTemplate(
        scope, "SuccessRate",
        metadata=ApiObjectMetadata(name="success-rate"),
        args=[TemplateArg.required("service-name")],
        metrics=[Metric(
            name="success-rate",
            interval=Duration.minutes(1),
            count=3,
            success_condition="len(result) == 0 || result[0] >= 0.95",
            failure_limit=1,
            provider=MetricProvider.prometheus(address=prometheus_address, query=SUCCESS_RATE),
        )],
    )


def demo_container(
    image: str, *, port_number: Optional[int] = None, ports: Optional[List[kplus.ContainerPort]] = None,
) -> kplus.ContainerProps:
    """The ``rollouts-demo`` container, with HTTP probes on port 8080."""
    return kplus.ContainerProps(
        name="rollouts-demo",
        image=image,
        port_number=port_number,
        ports=ports,
        security_context=kplus.ContainerSecurityContextProps(user=1000, group=3000),
        readiness=kplus.Probe.from_http_get("/", port=8080, period_seconds=Duration.seconds(5)),
        liveness=kplus.Probe.from_http_get("/", port=8080, period_seconds=Duration.seconds(10)),
        resources=resources(50, 500, 32, 128),
    )


def curl_container(name: str, *, args: List[str], command: Optional[List[str]] = None,
                   resources: kplus.ContainerResources) -> kplus.ContainerProps:
    """A curl container running as user 100."""
    return kplus.ContainerProps(
        name=name,
        image=CURL_IMAGE,
        command=command,
        args=args,
        security_context=kplus.ContainerSecurityContextProps(user=100, group=101),
        resources=resources,
    )


def traffic_generator(scope: Construct, script: str) -> kplus.Deployment:
    """The ``traffic-generator`` Deployment: one pod running ``script`` with /bin/sh."""
    return kplus.Deployment(
        scope, "TrafficGenerator",
        metadata=ApiObjectMetadata(name="traffic-generator"),
        replicas=1,
        containers=[curl_container("load", command=["/bin/sh", "-c"], args=[script], resources=resources(10, 100, 16, 32))],
    )

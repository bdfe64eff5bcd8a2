#!/usr/bin/env python3
"""Assertions on the Samen Helm chart, used by helm_chart_test.sh.

  check_rendered_chart.py render <profile> <rendered.yaml>
      Checks the output of `helm template` for one values profile:
      default, production, all-services, partners-only, webhooks-off, dev-secrets,
      gateway-edge, ingress, identity or mail (see helm_chart_test.sh for the values of
      each; check_rendered_mail.py checks the e-mail wiring of every profile).
  check_rendered_chart.py schema <values.yaml> <values.schema.json>
      Checks that the schema describes every value in values.yaml and closes every
      object it describes (additionalProperties: false).

Prints one line per failed assertion and exits 1 if any failed.
"""

import json
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("check_rendered_chart.py: the python3 'yaml' module is missing; "
             "install Debian's python3-yaml (scripts/deps should list it)")

RUN_AS_USER = 10001
STANDARD_LABELS = (
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/part-of",
    "helm.sh/chart",
)
HOOK_PHASES = {"pre-install", "pre-upgrade"}
SERVICES = {
    "partners": "samen.partners.v1.PartnersService",
    "vacancies": "samen.vacancies.v1.VacanciesService",
    "induction": "samen.induction.v1.InductionService",
    "professionalisation": "samen.professionalisation.v1.ProfessionalisationService",
    "identity": "samen.identity.v1.IdentityService",
}
# Where the vacancies pods find the webhook secret key (SAMEN_WEBHOOK_SECRET_KEY_FILE).
WEBHOOK_KEY_FILE = "/etc/samen/webhooks/secret-key"

# The identity service as each profile configures it (None: disabled). keys: the
# signing key Secret's keys in --signing_keys order (the last one signs); providers:
# id -> (Secret, key) of its client secret; port: the gateway Service's port (the
# services' --jwks_url); to: whether networkPolicy.identityProvidersTo is set.
IDENTITY_DEFAULT = {
    "public_url": "http://localhost:8080",
    "audience": "samen",
    "secret": "samen-signing-keys",
    "keys": ["key-1.pem"],
    "providers": {},
    "ca": None,
    "lifetimes": {"access_token_ttl": "10m", "session_idle_timeout": "2h",
                  "session_max_age": "12h", "refresh_token_max_age": "720h"},
    "port": 80,
    "to": False,
}
IDENTITY = {
    "partners-only": None,
    "production": dict(IDENTITY_DEFAULT, **{
        "public_url": "https://api.samen.example",
        "keys": ["key-2026-12.pem"],
        "providers": {"entra": ("samen-oidc-entra", "client-secret"),
                      "surfconext": ("samen-oidc-surfconext", "client-secret")},
        "to": True,
    }),
    # tests/unit/deploy/values-identity.yaml
    "identity": dict(IDENTITY_DEFAULT, **{
        "public_url": "https://samen.example.nl",
        "secret": "samen-keys",
        "keys": ["key-2026-06.pem", "key-2026-12.pem"],
        "providers": {"entra": ("samen-oidc", "entra-client-secret"),
                      "google": ("samen-oidc", "google-client-secret"),
                      "surfconext": ("samen-oidc-surfconext", "client-secret")},
        "ca": ("samen-identity-ca", "proxy-ca.pem"),
        "lifetimes": {"access_token_ttl": "15m", "session_idle_timeout": "1h",
                      "session_max_age": "8h", "refresh_token_max_age": "168h"},
        "port": 8081,
        "to": True,
    }),
}
# Values of the dev-secrets profile that must never reach a ConfigMap.
DEV_SECRET_VALUES = ("dev-password", "dev-secret-of-at-least-32-bytes-long", "dev-webhook-passphrase")

# The gateway's edge flags (gateway.cors, .rateLimit, .trustedProxyHops, .requestTimeout,
# .streamTimeout, .webRoot) as each profile configures them: the flag's value, True for a flag
# without value, None where it must be absent (the binary's default). Profiles not
# listed render the defaults.
GATEWAY_EDGE_DEFAULT = {
    "cors_allowed_origins": None,
    "cors_allow_credentials": None,
    "rate_limit_rps": "0",
    "rate_limit_burst": None,
    "anonymous_rate_limit_rps": "5",
    "anonymous_rate_limit_burst": None,
    # No Ingress: clients are the TCP peers, X-Forwarded-For is not trusted.
    "trusted_proxy_hops": "0",
    "request_timeout": "30s",
    "stream_timeout": "10m",
    # The web app the image carries (the Dockerfile's web stage).
    "web_root": "/usr/share/samen/web",
}
GATEWAY_EDGE = {
    "default": GATEWAY_EDGE_DEFAULT,
    "production": dict(GATEWAY_EDGE_DEFAULT, **{
        "cors_allowed_origins": "https://app.samen.example",
        "rate_limit_rps": "20",
        # trustedProxyHops empty behind the Ingress: the controller is one hop.
        "trusted_proxy_hops": "1",
    }),
    "gateway-edge": {
        "cors_allowed_origins": "https://app.samen.nl,https://beheer.samen.nl",
        "cors_allow_credentials": True,
        "rate_limit_rps": "2.5",
        "rate_limit_burst": "10",
        "anonymous_rate_limit_rps": "0",
        "anonymous_rate_limit_burst": "3",
        # Set explicitly to 0 with the Ingress enabled: 0 is a value, not "unset".
        "trusted_proxy_hops": "0",
        "request_timeout": "45s",
        "stream_timeout": "1h30m",
        # webRoot empty: no web app.
        "web_root": None,
    },
    # Ingress enabled, trustedProxyHops null: one hop.
    "ingress": dict(GATEWAY_EDGE_DEFAULT, trusted_proxy_hops="1"),
}


class Checker:
    def __init__(self, label):
        self.label = label
        self.failures = []
        self.checks = 0

    def expect(self, condition, message):
        self.checks += 1
        if not condition:
            self.failures.append(message)
        return bool(condition)

    def finish(self):
        for failure in self.failures:
            print(f"FAIL [{self.label}] {failure}")
        print(f"[{self.label}] {self.checks - len(self.failures)} passed, "
              f"{len(self.failures)} failed")
        return 1 if self.failures else 0


def name_of(obj):
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def dig(obj, *path, default=None):
    for key in path:
        if isinstance(obj, dict) and key in obj:
            obj = obj[key]
        elif isinstance(obj, list) and isinstance(key, int) and key < len(obj):
            obj = obj[key]
        else:
            return default
    return obj


def check_labels(c, where, labels, component=None):
    labels = labels or {}
    for key in STANDARD_LABELS:
        c.expect(labels.get(key), f"{where}: label {key} missing")
    c.expect(labels.get("app.kubernetes.io/part-of") == "samen",
             f"{where}: app.kubernetes.io/part-of is not 'samen'")
    c.expect(labels.get("app.kubernetes.io/managed-by") == "Helm",
             f"{where}: app.kubernetes.io/managed-by is not 'Helm'")
    if component is not None:
        c.expect(labels.get("app.kubernetes.io/component") == component,
                 f"{where}: app.kubernetes.io/component is not '{component}'")


def check_pod_security(c, where, pod_spec):
    psc = pod_spec.get("securityContext") or {}
    c.expect(psc.get("runAsNonRoot") is True, f"{where}: pod runAsNonRoot is not true")
    c.expect(psc.get("runAsUser") == RUN_AS_USER, f"{where}: pod runAsUser is not {RUN_AS_USER}")
    c.expect(dig(psc, "seccompProfile", "type") == "RuntimeDefault",
             f"{where}: pod seccompProfile is not RuntimeDefault")
    c.expect(pod_spec.get("automountServiceAccountToken") is False,
             f"{where}: automountServiceAccountToken is not false")
    c.expect(not pod_spec.get("hostNetwork") and not pod_spec.get("hostPID"),
             f"{where}: uses host namespaces")
    mounts_tmp = False
    for container in pod_spec.get("containers", []) + pod_spec.get("initContainers", []):
        cw = f"{where} container {container.get('name')}"
        sc = container.get("securityContext") or {}
        c.expect(sc.get("allowPrivilegeEscalation") is False, f"{cw}: allowPrivilegeEscalation is not false")
        c.expect(sc.get("readOnlyRootFilesystem") is True, f"{cw}: readOnlyRootFilesystem is not true")
        c.expect(sc.get("runAsNonRoot") is True, f"{cw}: runAsNonRoot is not true")
        c.expect(sc.get("runAsUser") == RUN_AS_USER, f"{cw}: runAsUser is not {RUN_AS_USER}")
        c.expect(sc.get("privileged") in (None, False), f"{cw}: privileged")
        c.expect(dig(sc, "capabilities", "drop") == ["ALL"], f"{cw}: capabilities.drop is not [ALL]")
        c.expect(not dig(sc, "capabilities", "add"), f"{cw}: adds capabilities")
        c.expect(dig(sc, "seccompProfile", "type") == "RuntimeDefault",
                 f"{cw}: seccompProfile is not RuntimeDefault")
        resources = container.get("resources") or {}
        c.expect(dig(resources, "requests", "cpu"), f"{cw}: no CPU request")
        c.expect(dig(resources, "requests", "memory"), f"{cw}: no memory request")
        c.expect(dig(resources, "limits", "memory"), f"{cw}: no memory limit")
        c.expect(container.get("image"), f"{cw}: no image")
        mounts_tmp |= any(m.get("mountPath") == "/tmp" for m in container.get("volumeMounts", []))
    # A read-only root filesystem needs a writable /tmp for anything that writes there.
    c.expect(mounts_tmp, f"{where}: no writable /tmp volume")


def env_names(container):
    return {e.get("name"): e for e in container.get("env", []) or []}


def flag_values(args, flag):
    prefix = f"--{flag}="
    return [a[len(prefix):] for a in args or [] if a.startswith(prefix)]


def parse_targets(value):
    return dict(entry.split("=", 1) for entry in value.split(",") if entry)


def duration_seconds(text):
    """Seconds in a duration flag such as 10m or 1h30m (units h, m, s, ms)."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"([0-9]+(?:\.[0-9]+)?)(ms|h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return float("nan")
    return sum(float(n) * units[u] for n, u in parts)


def check_gateway_edge(c, where, args, expected):
    """The gateway's edge flags are passed exactly as the profile configures them."""
    for flag, want in expected.items():
        valued = flag_values(args, flag)
        bare = [a for a in args if a == f"--{flag}"]
        if want is None:
            c.expect(not valued and not bare, f"{where}: --{flag} is passed ({valued or bare}), "
                     "but the values leave it to the binary's default")
        elif want is True:
            c.expect(bare == [f"--{flag}"] and not valued, f"{where}: --{flag} is not passed (once)")
        else:
            c.expect(valued == [want] and not bare,
                     f"{where}: --{flag} is {valued or bare or 'missing'}, expected {want}")
    # Defaults and the binary's own checks: * and credentials never go together.
    origins = (flag_values(args, "cors_allowed_origins") or [""])[0].split(",")
    c.expect(not ("*" in origins and "--cors_allow_credentials" in args),
             f"{where}: --cors_allowed_origins=* with --cors_allow_credentials (the gateway refuses it)")
    for flag in ("request_timeout", "stream_timeout"):
        for value in flag_values(args, flag):
            seconds = duration_seconds(value)
            c.expect(seconds == seconds and seconds > 0, f"{where}: --{flag}={value} is not a positive duration")


def check_render(profile, path):
    c = Checker(f"render {profile}")
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    c.expect(docs, "helm template rendered nothing")
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d.get("kind"), []).append(d)
        check_labels(c, name_of(d), dig(d, "metadata", "labels"))
        c.expect(dig(d, "metadata", "namespace"), f"{name_of(d)}: no namespace")

    deployments = {dig(d, "metadata", "name"): d for d in by_kind.get("Deployment", [])}
    gateway_targets = {}     # grpc service -> target, from the gateway's --backends
    peer_targets = {}        # Deployment -> {service: target}, from --peer_targets
    webhook_key_secrets = []  # Secrets the vacancies pods read the webhook key from
    services = {dig(d, "metadata", "name"): d for d in by_kind.get("Service", [])}
    configmaps = {dig(d, "metadata", "name"): d for d in by_kind.get("ConfigMap", [])}
    config = next((cm.get("data") or {} for n, cm in configmaps.items() if n.endswith("-config")), {})
    secrets = {dig(d, "metadata", "name"): d for d in by_kind.get("Secret", [])}
    accounts = {dig(d, "metadata", "name"): d for d in by_kind.get("ServiceAccount", [])}
    stream_timeouts = []     # the gateway's --stream_timeout

    enabled = {"default": sorted(SERVICES), "production": sorted(SERVICES),
               "dev-secrets": sorted(SERVICES), "all-services": sorted(SERVICES),
               "partners-only": ["partners"], "gateway-edge": sorted(SERVICES),
               "ingress": sorted(SERVICES), "webhooks-off": sorted(SERVICES),
               "identity": sorted(SERVICES), "mail": sorted(SERVICES)}[profile]
    # Profiles that deliver webhooks, and those that give the vacancies pods a secret key.
    webhooks_on = profile not in ("partners-only", "webhooks-off")
    webhook_key = profile in ("production", "dev-secrets")

    # --- workloads ---------------------------------------------------------------
    gateways = [d for d in deployments.values()
                if dig(d, "metadata", "labels", "app.kubernetes.io/component") == "gateway"]
    c.expect(len(gateways) == 1, f"expected one gateway Deployment, found {len(gateways)}")
    server_components = sorted(dig(d, "metadata", "labels", "app.kubernetes.io/component")
                               for d in deployments.values() if d not in gateways)
    c.expect(server_components == enabled,
             f"service Deployments are {server_components}, expected {enabled}")

    for dname, d in deployments.items():
        where = f"Deployment/{dname}"
        component = dig(d, "metadata", "labels", "app.kubernetes.io/component")
        check_labels(c, where, dig(d, "metadata", "labels"), component)
        pod = dig(d, "spec", "template") or {}
        pod_labels = dig(pod, "metadata", "labels") or {}
        check_labels(c, f"{where} pod template", pod_labels, component)
        selector = dig(d, "spec", "selector", "matchLabels") or {}
        c.expect(selector and all(pod_labels.get(k) == v for k, v in selector.items()),
                 f"{where}: selector does not match the pod labels")
        spec = pod.get("spec") or {}
        check_pod_security(c, where, spec)
        sa = spec.get("serviceAccountName")
        c.expect(sa in accounts, f"{where}: ServiceAccount {sa} is not rendered")
        c.expect(dig(pod, "metadata", "annotations", "checksum/config"),
                 f"{where}: no checksum/config annotation (config changes would not roll pods)")
        containers = spec.get("containers") or []
        c.expect(len(containers) == 1, f"{where}: expected one container")
        for container in containers:
            cw = f"{where} container {container.get('name')}"
            for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                c.expect(container.get(probe), f"{cw}: no {probe}")
            for ref in container.get("envFrom", []) or []:
                cm = dig(ref, "configMapRef", "name")
                c.expect(cm is None or cm in configmaps, f"{cw}: ConfigMap {cm} is not rendered")
            if component == "gateway":
                c.expect(container.get("command") == ["samen-gateway"], f"{cw}: command is not samen-gateway")
                c.expect(dig(container, "livenessProbe", "httpGet", "path") == "/healthz",
                         f"{cw}: liveness is not HTTP /healthz")
                c.expect(dig(container, "readinessProbe", "httpGet", "path") == "/readyz",
                         f"{cw}: readiness is not HTTP /readyz")
                args = container.get("args") or []
                backends = flag_values(args, "backends")
                c.expect(len(backends) == 1, f"{cw}: no --backends flag")
                routes = parse_targets(backends[0]) if backends else {}
                gateway_targets.update(routes)
                c.expect(sorted(routes) == sorted(SERVICES[s] for s in enabled),
                         f"{cw}: --backends routes {sorted(routes)}, expected the enabled services")
                for service_name, target in routes.items():
                    c.expect(target.startswith("dns:///") and target.endswith(":9090"),
                             f"{cw}: backend {service_name} target {target} is not dns:///...:9090")
                    host = target[len("dns:///"):].rsplit(":", 1)[0].split(".")[0]
                    svc = services.get(host)
                    c.expect(svc is not None, f"{cw}: backend {service_name} names no rendered Service ({host})")
                    if svc is not None:
                        c.expect(dig(svc, "spec", "clusterIP") == "None",
                                 f"Service/{host}: a gRPC backend Service must be headless (clusterIP: None)")
                check_gateway_edge(c, cw, args, GATEWAY_EDGE.get(profile, GATEWAY_EDGE_DEFAULT))
                stream_timeouts.extend(flag_values(args, "stream_timeout"))
            else:
                c.expect(container.get("command") in (None, ["samen-server"]),
                         f"{cw}: runs something other than samen-server")
                c.expect(f"--services={component}" in (container.get("args") or []),
                         f"{cw}: args lack --services={component}")
                for probe in ("livenessProbe", "startupProbe"):
                    c.expect(dig(container, probe, "grpc", "port") == 9090
                             or dig(container, probe, "tcpSocket", "port") in (9090, "grpc"),
                             f"{cw}: {probe} checks neither gRPC health nor the gRPC port")
                c.expect(dig(container, "readinessProbe", "grpc", "port") == 9090,
                         f"{cw}: readiness is not a gRPC probe on 9090")
                c.expect(dig(container, "readinessProbe", "grpc", "service") == SERVICES.get(component),
                         f"{cw}: readiness does not ask grpc.health.v1 for {SERVICES.get(component)}")
                password = env_names(container).get("SAMEN_MYSQL_PASSWORD")
                c.expect(password and dig(password, "valueFrom", "secretKeyRef", "name"),
                         f"{cw}: SAMEN_MYSQL_PASSWORD does not come from a Secret")
                c.expect(not any("password" in a.lower() for a in container.get("args") or []),
                         f"{cw}: a password is passed on the command line")
                svc = services.get(dname)
                c.expect(svc is not None and dig(svc, "spec", "clusterIP") == "None",
                         f"{where}: no headless Service of the same name")
                # Services call each other: every enabled one is listed, or samen-server
                # would dial it on loopback, inside this very pod.
                args = container.get("args") or []
                peers = flag_values(args, "peer_targets")
                env_peers = env_names(container).get("SAMEN_PEER_TARGETS")
                c.expect(len(peers) == 1 and not env_peers and "SAMEN_PEER_TARGETS" not in config,
                         f"{cw}: expected exactly one --peer_targets flag")
                peer_routes = parse_targets(peers[0]) if peers else {}
                c.expect(sorted(peer_routes) == enabled,
                         f"{cw}: --peer_targets names {sorted(peer_routes)}, expected {enabled}")
                peer_targets[dname] = peer_routes
                for peer, target in peer_routes.items():
                    host = target[len("dns:///"):].rsplit(":", 1)[0].split(".")[0]
                    c.expect(target.startswith("dns:///") and target.endswith(":9090")
                             and dig(services.get(host), "spec", "clusterIP") == "None",
                             f"{cw}: peer {peer} target {target} is not a rendered headless Service on 9090")
                # Webhooks: delivered (and their secrets sealed) by the vacancies pods only.
                env = env_names(container)
                volumes = {v.get("name"): v for v in spec.get("volumes", []) or []}
                key_volumes = [v for v in volumes.values()
                               if dig(v, "secret", "items", 0, "path") == "secret-key"]
                workers = flag_values(args, "webhook_workers")
                c.expect(not any(a.startswith("--webhook_secret_key") for a in args),
                         f"{cw}: the webhook secret key is passed on the command line")
                c.expect("SAMEN_WEBHOOK_SECRET_KEY" not in env,
                         f"{cw}: the webhook secret key is a literal environment variable")
                if component != "vacancies":
                    c.expect(not workers and "SAMEN_WEBHOOK_SECRET_KEY_FILE" not in env and not key_volumes,
                             f"{cw}: webhook settings on a service other than vacancies")
                    continue
                c.expect(workers == ([] if webhooks_on else ["0"]),
                         f"{cw}: --webhook_workers is {workers}, expected "
                         f"{'the default' if webhooks_on else '0'}")
                key_env = dig(env.get("SAMEN_WEBHOOK_SECRET_KEY_FILE") or {}, "value")
                if not webhook_key:
                    c.expect(key_env is None and not key_volumes,
                             f"{cw}: webhook secret key wired although none is configured")
                    continue
                c.expect(key_env == WEBHOOK_KEY_FILE,
                         f"{cw}: SAMEN_WEBHOOK_SECRET_KEY_FILE is {key_env}, expected {WEBHOOK_KEY_FILE}")
                c.expect(len(key_volumes) == 1, f"{cw}: no Secret volume with the webhook secret key")
                mounts = {m.get("name"): m for m in container.get("volumeMounts", []) or []}
                for v in key_volumes:
                    mount = mounts.get(v.get("name")) or {}
                    c.expect(mount.get("mountPath") == WEBHOOK_KEY_FILE.rsplit("/", 1)[0]
                             and mount.get("readOnly") is True and not mount.get("subPath"),
                             f"{cw}: the webhook key volume is not mounted read-only at "
                             f"{WEBHOOK_KEY_FILE.rsplit('/', 1)[0]}")
                    webhook_key_secrets.append(dig(v, "secret", "secretName"))

    gateway_svc = [s for s in services.values()
                   if dig(s, "metadata", "labels", "app.kubernetes.io/component") == "gateway"]
    c.expect(len(gateway_svc) == 1 and dig(gateway_svc[0], "spec", "clusterIP") != "None",
             "the gateway Service must be a normal (not headless) Service")

    # --- migration hook ------------------------------------------------------------
    jobs = by_kind.get("Job", [])
    c.expect(len(jobs) == 1, f"expected one migration Job, found {len(jobs)}")
    for job in jobs:
        where = name_of(job)
        phases = set((dig(job, "metadata", "annotations", "helm.sh/hook") or "").split(","))
        c.expect(HOOK_PHASES <= phases, f"{where}: helm.sh/hook is not pre-install,pre-upgrade")
        c.expect(dig(job, "metadata", "annotations", "helm.sh/hook-delete-policy"),
                 f"{where}: no helm.sh/hook-delete-policy")
        check_labels(c, f"{where} pod template", dig(job, "spec", "template", "metadata", "labels"),
                     "migration")
        spec = dig(job, "spec", "template", "spec") or {}
        check_pod_security(c, where, spec)
        c.expect(spec.get("restartPolicy") == "Never", f"{where}: restartPolicy is not Never")
        container = (spec.get("containers") or [{}])[0]
        c.expect(container.get("args") == ["migrate", "--services=" + ",".join(enabled)],
                 f"{where}: args are {container.get('args')}, expected migrate --services={','.join(enabled)}")
        # The hook runs before the release's own objects exist: everything it uses must
        # be inline or a hook object itself.
        c.expect(not container.get("envFrom"), f"{where}: envFrom a ConfigMap that does not exist pre-install")
        sa = spec.get("serviceAccountName")
        c.expect(sa in accounts and "helm.sh/hook" in (dig(accounts[sa], "metadata", "annotations") or {}),
                 f"{where}: ServiceAccount {sa} is not a hook object")
        secret_ref = dig(env_names(container).get("SAMEN_MYSQL_PASSWORD") or {}, "valueFrom", "secretKeyRef", "name")
        c.expect(secret_ref, f"{where}: SAMEN_MYSQL_PASSWORD does not come from a Secret")
        if secret_ref in secrets:
            c.expect("helm.sh/hook" in (dig(secrets[secret_ref], "metadata", "annotations") or {}),
                     f"{where}: uses chart Secret {secret_ref}, which does not exist pre-install")

    # --- shared objects ------------------------------------------------------------
    for sa in accounts.values():
        c.expect(sa.get("automountServiceAccountToken") is False,
                 f"{name_of(sa)}: automountServiceAccountToken is not false")
    policies = by_kind.get("NetworkPolicy", [])
    tiers = {dig(p, "spec", "podSelector", "matchLabels", "samen/tier"): p for p in policies}
    c.expect({"gateway", "backend", "migration"} <= set(tiers), f"NetworkPolicies cover tiers {sorted(tiers, key=str)}")
    backend = tiers.get("backend")
    if backend:
        rules = dig(backend, "spec", "ingress") or []
        c.expect(rules and all(r.get("from") for r in rules),
                 "NetworkPolicy backend: an ingress rule admits every source")
        c.expect(set(dig(backend, "spec", "policyTypes") or []) == {"Ingress", "Egress"},
                 "NetworkPolicy backend: does not restrict both directions")
        allowed = json.dumps(rules)
        c.expect('"gateway"' in allowed and '"backend"' in allowed,
                 "NetworkPolicy backend: does not admit the gateway and the backends")
        egress_ports = {p.get("port") for r in dig(backend, "spec", "egress") or [] for p in r.get("ports", [])}
        c.expect({53, 3306, 9090} <= egress_ports, f"NetworkPolicy backend: egress ports {egress_ports}")

    hpas = {dig(h, "spec", "scaleTargetRef", "name"): h for h in by_kind.get("HorizontalPodAutoscaler", [])}
    pdbs = by_kind.get("PodDisruptionBudget", [])
    for h in hpas.values():
        c.expect(h.get("apiVersion") == "autoscaling/v2", f"{name_of(h)}: not autoscaling/v2")
        c.expect(dig(h, "spec", "scaleTargetRef", "name") in deployments, f"{name_of(h)}: targets no Deployment")
    for p in pdbs:
        sel = dig(p, "spec", "selector", "matchLabels") or {}
        c.expect(any(all(dig(d, "spec", "template", "metadata", "labels", k) == v for k, v in sel.items())
                     for d in deployments.values()), f"{name_of(p)}: selects no Deployment's pods")
    for dname, d in deployments.items():
        if dname in hpas:
            c.expect("replicas" not in d["spec"], f"Deployment/{dname}: sets replicas although an HPA scales it")
        else:
            c.expect(isinstance(dig(d, "spec", "replicas"), int), f"Deployment/{dname}: no replicas")

    # --- service to service ------------------------------------------------------------
    # The services reach each other where the gateway reaches them (one address helper).
    for dname, routes in peer_targets.items():
        for peer, target in routes.items():
            c.expect(gateway_targets.get(SERVICES.get(peer)) == target,
                     f"Deployment/{dname}: peer {peer} at {target}, but the gateway uses "
                     f"{gateway_targets.get(SERVICES.get(peer))}")
    if backend:
        ingress_peers = [p for r in dig(backend, "spec", "ingress") or [] for p in r.get("from", [])
                         if 9090 in [q.get("port") for q in r.get("ports", [])]]
        c.expect(any("backend" in json.dumps(p) for p in ingress_peers),
                 "NetworkPolicy backend: services may not call each other on 9090")
        c.expect(any(dig(r, "to", 0, "podSelector", "matchLabels", "samen/tier") == "backend"
                     and 9090 in [q.get("port") for q in r.get("ports", [])]
                     for r in dig(backend, "spec", "egress") or []),
                 "NetworkPolicy backend: no egress to the services on 9090")

    # --- webhooks ----------------------------------------------------------------------
    webhook_policies = [p for p in policies
                        if dig(p, "spec", "podSelector", "matchLabels", "app.kubernetes.io/component") == "vacancies"]
    https_rules = [r for p in policies for r in dig(p, "spec", "egress") or []
                   if 443 in [q.get("port") for q in r.get("ports", [])]
                   and dig(p, "spec", "podSelector", "matchLabels", "app.kubernetes.io/component") != "identity"]
    if webhooks_on:
        c.expect(len(webhook_policies) == 1, "no NetworkPolicy for the vacancies pods' webhook egress")
        for p in webhook_policies:
            rules = dig(p, "spec", "egress") or []
            c.expect(dig(p, "spec", "policyTypes") == ["Egress"] and not dig(p, "spec", "ingress"),
                     f"{name_of(p)}: must only add egress (the backend policy governs ingress)")
            c.expect(len(rules) == 1 and [(q.get("port"), q.get("protocol")) for q in rules[0].get("ports", [])]
                     == [(443, "TCP")], f"{name_of(p)}: egress is not TCP 443 only")
            if profile == "production":
                c.expect(rules and dig(rules[0], "to", 0, "ipBlock", "except"),
                         f"{name_of(p)}: production egress on 443 is not limited to public addresses")
            else:
                c.expect(rules and not rules[0].get("to"),
                         f"{name_of(p)}: webhooksTo is empty, so 443 should be open to any address")
    else:
        c.expect(not webhook_policies and not https_rules,
                 "webhooks.enabled=false, but a NetworkPolicy opens egress on 443")
    if profile == "dev-secrets":
        chart_secrets = [n for n, s in secrets.items()
                         if "webhook-secret-key" in (s.get("data") or {})
                         and "helm.sh/hook" not in (dig(s, "metadata", "annotations") or {})]
        c.expect(chart_secrets and webhook_key_secrets == chart_secrets,
                 f"dev-secrets: the vacancies pods read the webhook key from {webhook_key_secrets}, "
                 f"not the chart Secret holding it {chart_secrets}")
    elif profile == "production":
        c.expect(webhook_key_secrets == ["samen-webhooks"],
                 f"production: webhook key from {webhook_key_secrets}, expected the existing Secret samen-webhooks")

    # --- per profile -------------------------------------------------------------------
    if profile == "production":
        c.expect(set(hpas) == set(deployments), f"production: HPAs {sorted(hpas)} do not cover every Deployment")
        c.expect(len(pdbs) == len(deployments), "production: not every Deployment has a PodDisruptionBudget")
        ingresses = by_kind.get("Ingress", [])
        c.expect(len(ingresses) == 1 and dig(ingresses[0], "spec", "tls", 0, "secretName"),
                 "production: no Ingress with TLS")
        if ingresses:
            backend_svc = dig(ingresses[0], "spec", "rules", 0, "http", "paths", 0, "backend", "service", "name")
            c.expect(backend_svc in [dig(s, "metadata", "name") for s in gateway_svc],
                     "production: the Ingress does not route to the gateway Service")
            # Server-Sent Events through ingress-nginx: no buffering, and no read timeout
            # that ends a stream before the gateway's --stream_timeout does.
            annotations = dig(ingresses[0], "metadata", "annotations") or {}
            c.expect(annotations.get("nginx.ingress.kubernetes.io/proxy-buffering") == "off",
                     "production: the Ingress buffers responses (Server-Sent Events would stall)")
            read_timeout = annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout", "60")
            c.expect(stream_timeouts and read_timeout.isdigit()
                     and int(read_timeout) >= duration_seconds(stream_timeouts[0]),
                     f"production: the Ingress's proxy-read-timeout ({read_timeout} s) is shorter than "
                     f"the gateway's --stream_timeout ({stream_timeouts})")
        # auth.mode none: only Samen's own tokens, through --jwks_url; no key file at all.
        c.expect("SAMEN_JWKS_FILE" not in config and "SAMEN_JWT_HS256_SECRET_FILE" not in config,
                 "production: tokens other than Samen's own are accepted (a JWKS or HS256 file is configured)")
        c.expect(not any(v.get("name") == "jwt" for d in deployments.values()
                         for v in dig(d, "spec", "template", "spec", "volumes") or []),
                 "production: a JWT key volume is mounted although auth.mode is none")
        c.expect(not secrets, "production: the chart renders Secrets; credentials must come from existing Secrets")
        for d in deployments.values():
            c.expect(dig(d, "spec", "template", "spec", "topologySpreadConstraints"),
                     f"{name_of(d)}: replicas are not spread")
    elif profile == "default":
        c.expect(not hpas, "default: HPAs rendered although autoscaling is off")
        c.expect(not by_kind.get("Ingress"), "default: Ingress rendered although disabled")
        c.expect(config.get("SAMEN_JWT_HS256_SECRET_FILE"), "default: no HS256 secret file configured")
    elif profile == "dev-secrets":
        c.expect(any("mysql-password" in (s.get("data") or {}) and "helm.sh/hook" not in
                     (dig(s, "metadata", "annotations") or {}) for s in secrets.values()),
                 "dev-secrets: no chart Secret with the MySQL password")
        c.expect(any("helm.sh/hook" in (dig(s, "metadata", "annotations") or {}) for s in secrets.values()),
                 "dev-secrets: no hook Secret for the migration Job")
    check_identity(c, profile, deployments, configmaps, config, services, policies, by_kind.get("Ingress", []))
    check_configmaps_hold_no_secret(c, configmaps, DEV_SECRET_VALUES if profile == "dev-secrets" else ())
    for key in ("SAMEN_MYSQL_HOST", "SAMEN_MYSQL_PORT", "SAMEN_MYSQL_USER", "SAMEN_MYSQL_DATABASE_PREFIX"):
        c.expect(key in config, f"ConfigMap lacks {key}")
    c.expect(not any(("PASSWORD" in k or "SECRET" in k) and not k.endswith("_FILE") for k in config),
             "the ConfigMap holds a credential")
    return c.finish()


def volume_for(spec, container, path):
    """(volume, mount) whose mount directory holds the file `path`, or (None, None)."""
    directory = path.rsplit("/", 1)[0]
    for mount in container.get("volumeMounts", []) or []:
        if mount.get("mountPath") == directory:
            for volume in spec.get("volumes", []) or []:
                if volume.get("name") == mount.get("name"):
                    return volume, mount
    return None, None


def check_identity(c, profile, deployments, configmaps, config, services, policies, ingresses):
    """The identity service's wiring: signing keys, providers file, client secrets,
    --jwks_url on every service, --public_url on the gateway, issuer and audience,
    and the NetworkPolicies for the JWKS and the providers."""
    want = IDENTITY.get(profile, IDENTITY_DEFAULT)
    containers = {}  # component -> (pod spec, container)
    for d in deployments.values():
        component = dig(d, "metadata", "labels", "app.kubernetes.io/component")
        spec = dig(d, "spec", "template", "spec") or {}
        containers[component] = (spec, (spec.get("containers") or [{}])[0])
    gateway_args = containers.get("gateway", ({}, {}))[1].get("args") or []
    identity_policies = [p for p in policies
                         if dig(p, "spec", "podSelector", "matchLabels", "app.kubernetes.io/component") == "identity"]
    tiers = {dig(p, "spec", "podSelector", "matchLabels", "samen/tier"): p for p in policies}

    def admits_jwks(policy_tier, direction, peer_tier):
        rules = dig(tiers.get(policy_tier) or {}, "spec", direction) or []
        key = "to" if direction == "egress" else "from"
        return any(any(dig(p, "podSelector", "matchLabels", "samen/tier") == peer_tier for p in r.get(key) or [])
                   and 8080 in [q.get("port") for q in r.get("ports", [])] for r in rules)

    if want is None:
        c.expect("identity" not in containers, "identity disabled, but an identity Deployment is rendered")
        c.expect(not flag_values(gateway_args, "public_url"), "identity disabled, but the gateway has --public_url")
        for component, (_, container) in containers.items():
            c.expect(not flag_values(container.get("args"), "jwks_url"),
                     f"identity disabled, but {component} has --jwks_url")
        c.expect(not any(n.endswith("-identity-providers") for n in configmaps),
                 "identity disabled, but the providers ConfigMap is rendered")
        c.expect(not identity_policies, "identity disabled, but its egress NetworkPolicy is rendered")
        c.expect(not admits_jwks("backend", "egress", "gateway"),
                 "identity disabled, but the services may reach the gateway's 8080")
        return

    # Issuer and audience: Samen's, for every process (and mint-token).
    c.expect(config.get("SAMEN_JWT_ISSUER") == want["public_url"],
             f"SAMEN_JWT_ISSUER is {config.get('SAMEN_JWT_ISSUER')}, expected identity.publicUrl {want['public_url']}")
    c.expect(config.get("SAMEN_JWT_AUDIENCE") == want["audience"],
             f"SAMEN_JWT_AUDIENCE is {config.get('SAMEN_JWT_AUDIENCE')}, expected {want['audience']}")
    c.expect(flag_values(gateway_args, "public_url") == [want["public_url"]],
             f"the gateway's --public_url is {flag_values(gateway_args, 'public_url')}, expected {want['public_url']}")

    # --jwks_url: the gateway's in-cluster Service, on every service (identity included).
    gateway_svc = [n for n, s in services.items()
                   if dig(s, "metadata", "labels", "app.kubernetes.io/component") == "gateway"]
    port = dig(services.get(gateway_svc[0]) if gateway_svc else {}, "spec", "ports", 0, "port")
    c.expect(port == want["port"], f"the gateway Service port is {port}, expected {want['port']}")
    jwks_url = (f"http://{gateway_svc[0] if gateway_svc else '?'}.samen.svc.cluster.local:{port}"
                "/.well-known/jwks.json")
    for component, (_, container) in containers.items():
        if component == "gateway":
            continue
        urls = flag_values(container.get("args"), "jwks_url")
        c.expect(urls == [jwks_url], f"{component}: --jwks_url is {urls}, expected [{jwks_url}]")
    c.expect(admits_jwks("backend", "egress", "gateway"),
             "NetworkPolicy backend: no egress to the gateway pods on 8080 (the services' --jwks_url)")
    c.expect(admits_jwks("gateway", "ingress", "backend"),
             "NetworkPolicy gateway: does not admit the services on 8080 (the services' --jwks_url)")

    if not c.expect("identity" in containers, "no identity Deployment"):
        return
    spec, container = containers["identity"]
    args = container.get("args") or []

    # Signing keys: the listed keys of one Secret, read-only, passed in the listed order.
    keys_flag = flag_values(args, "signing_keys")
    c.expect(len(keys_flag) == 1, f"identity: expected one --signing_keys, found {keys_flag}")
    files = keys_flag[0].split(",") if keys_flag else []
    c.expect([f.rsplit("/", 1)[-1] for f in files] == want["keys"],
             f"identity: --signing_keys lists {files}, expected the keys {want['keys']} in that order "
             "(the last one signs)")
    c.expect(len({f.rsplit("/", 1)[0] for f in files}) == 1, f"identity: the signing keys are not in one directory: {files}")
    volume, mount = volume_for(spec, container, files[0]) if files else (None, None)
    if c.expect(volume is not None, f"identity: no volume mounted where --signing_keys points ({files[:1]})"):
        c.expect(dig(volume, "secret", "secretName") == want["secret"],
                 f"identity: the signing keys come from {volume}, expected Secret {want['secret']}")
        items = dig(volume, "secret", "items") or []
        c.expect([(i.get("key"), i.get("path")) for i in items] == [(k, k) for k in want["keys"]],
                 f"identity: the signing key volume projects {items}, expected exactly the keys {want['keys']}")
        c.expect(mount.get("readOnly") is True and not mount.get("subPath"),
                 "identity: the signing key Secret is not mounted read-only as a directory")
        mode = dig(volume, "secret", "defaultMode")
        c.expect(mode is not None and mode & 0o007 == 0, f"identity: signing key files are world-readable (mode {mode})")
    # Only the identity pods see the signing keys.
    for component, (other_spec, _) in containers.items():
        if component != "identity":
            c.expect(not any(dig(v, "secret", "secretName") == want["secret"] for v in other_spec.get("volumes") or []),
                     f"{component}: mounts the signing key Secret {want['secret']}")
    c.expect("SAMEN_SIGNING_KEYS" not in config, "the signing keys are configured in the shared ConfigMap")

    # The providers file: valid JSON from a rendered ConfigMap, client secrets as files.
    providers_flag = flag_values(args, "identity_providers_file")
    c.expect(len(providers_flag) == 1, f"identity: expected one --identity_providers_file, found {providers_flag}")
    document = None
    if providers_flag:
        volume, mount = volume_for(spec, container, providers_flag[0])
        name = dig(volume or {}, "configMap", "name")
        if c.expect(name in configmaps, f"identity: --identity_providers_file is not in a rendered ConfigMap ({volume})"):
            c.expect(mount.get("readOnly") is True, "identity: the providers ConfigMap is not mounted read-only")
            filename = providers_flag[0].rsplit("/", 1)[-1]
            item_keys = [i.get("key") for i in dig(volume, "configMap", "items") or [] if i.get("path") == filename]
            text = (configmaps[name].get("data") or {}).get(item_keys[0] if item_keys else filename)
            try:
                document = json.loads(text or "")
            except ValueError as error:
                c.expect(False, f"ConfigMap/{name}: {filename} is not valid JSON ({error})")
    providers = dig(document or {}, "providers")
    c.expect(isinstance(providers, list), f"identity: the providers file has no providers list: {document}")
    providers = providers if isinstance(providers, list) else []
    c.expect(sorted(p.get("id") for p in providers) == sorted(want["providers"]),
             f"identity: providers {[p.get('id') for p in providers]}, expected {sorted(want['providers'])}")
    secret_volume_checked = set()
    for provider in providers:
        pw = f"identity provider {provider.get('id')}"
        for field in ("id", "displayName", "issuer", "clientId", "clientSecretFile"):
            c.expect(isinstance(provider.get(field), str) and provider.get(field), f"{pw}: no {field}")
        c.expect(isinstance(provider.get("nativeClientIds"), list), f"{pw}: nativeClientIds is not a list")
        c.expect(isinstance(provider.get("scopes"), list) and "openid" in provider.get("scopes", []),
                 f"{pw}: scopes {provider.get('scopes')} lack openid")
        c.expect(str(provider.get("issuer", "")).startswith("https://"), f"{pw}: issuer is not https")
        c.expect(not [k for k in provider if "secret" in k.lower() and k != "clientSecretFile"],
                 f"{pw}: holds a secret field {sorted(provider)}; only clientSecretFile belongs in the file")
        path = provider.get("clientSecretFile") or ""
        volume, mount = volume_for(spec, container, path)
        if not c.expect(volume is not None, f"{pw}: clientSecretFile {path} is in no mounted volume"):
            continue
        c.expect(mount.get("readOnly") is True, f"{pw}: the client secret volume is not mounted read-only")
        mode = dig(volume, "projected", "defaultMode", default=dig(volume, "secret", "defaultMode"))
        c.expect(mode is not None and mode & 0o007 == 0, f"{pw}: client secret files are world-readable (mode {mode})")
        filename = path.rsplit("/", 1)[-1]
        sources = [(dig(src, "secret", "name"), i.get("key")) for src in dig(volume, "projected", "sources") or []
                   for i in dig(src, "secret", "items") or [] if i.get("path") == filename]
        c.expect(sources == [want["providers"].get(provider.get("id"))],
                 f"{pw}: {path} comes from {sources}, expected {want['providers'].get(provider.get('id'))}")
        secret_volume_checked.add(volume.get("name"))

    ca = flag_values(args, "identity_ca_file")
    if want["ca"] is None:
        c.expect(not ca, f"identity: --identity_ca_file {ca} although no CA is configured")
    elif c.expect(len(ca) == 1, "identity: no --identity_ca_file"):
        volume, mount = volume_for(spec, container, ca[0])
        c.expect(dig(volume or {}, "configMap", "name") == want["ca"][0]
                 and [i.get("key") for i in dig(volume, "configMap", "items") or []
                      if i.get("path") == ca[0].rsplit("/", 1)[-1]] == [want["ca"][1]],
                 f"identity: --identity_ca_file {ca[0]} is not key {want['ca'][1]} of ConfigMap {want['ca'][0]}")
    for flag, value in want["lifetimes"].items():
        c.expect(flag_values(args, flag) == [value], f"identity: --{flag} is {flag_values(args, flag)}, expected {value}")
    for component, (_, other) in containers.items():
        if component != "identity":
            c.expect(not [a for a in other.get("args") or [] if a.split("=", 1)[0] in
                          ("--signing_keys", "--identity_providers_file", "--access_token_ttl")],
                     f"{component}: has identity-only flags")

    # Egress to the providers: HTTPS only, from the identity pods only.
    c.expect(len(identity_policies) == 1, "no NetworkPolicy for the identity pods' egress to the providers")
    for p in identity_policies:
        rules = dig(p, "spec", "egress") or []
        c.expect(dig(p, "spec", "policyTypes") == ["Egress"] and not dig(p, "spec", "ingress"),
                 f"{name_of(p)}: must only add egress")
        c.expect(len(rules) == 1 and [(q.get("port"), q.get("protocol")) for q in rules[0].get("ports", [])]
                 == [(443, "TCP")], f"{name_of(p)}: egress is not TCP 443 only")
        c.expect(bool(rules and rules[0].get("to")) == want["to"],
                 f"{name_of(p)}: egress peers {rules[0].get('to') if rules else None}, "
                 f"expected {'networkPolicy.identityProvidersTo' if want['to'] else 'any address'}")

    # Behind an Ingress that lists paths, sign-in, the token endpoint and the JWKS must
    # reach the gateway, on the host of the public URL.
    for ingress in ingresses:
        host = want["public_url"].split("://", 1)[1].split(":")[0]
        rules = [r for r in dig(ingress, "spec", "rules") or [] if r.get("host") == host]
        if profile == "production":
            c.expect(rules, f"{name_of(ingress)}: does not serve identity.publicUrl's host {host}")
        for rule in rules:
            paths = dig(rule, "http", "paths") or []
            for wanted in ("/auth/login", "/auth/callback", "/oauth/token", "/.well-known/jwks.json",
                           "/.well-known/oauth-authorization-server"):
                c.expect(any(wanted == p.get("path") or (p.get("pathType") == "Prefix" and (
                    p.get("path") == "/" or wanted.startswith(p.get("path", "").rstrip("/") + "/")))
                    for p in paths), f"{name_of(ingress)}: {host}{wanted} does not reach the gateway")


def check_configmaps_hold_no_secret(c, configmaps, known_secrets):
    """No ConfigMap carries key material or a known secret value."""
    for name, cm in configmaps.items():
        for key, value in (cm.get("data") or {}).items():
            text = str(value)
            c.expect("PRIVATE KEY" not in text, f"ConfigMap/{name}: {key} holds a private key")
            for secret in known_secrets:
                c.expect(secret not in text, f"ConfigMap/{name}: {key} holds the secret value {secret!r}")
            c.expect(not re.search(r'"client_?secret"\s*:', text, re.I),
                     f"ConfigMap/{name}: {key} holds a client secret")


def resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["definitions"][node["$ref"].split("/")[-1]]
    return node


def check_schema(values_path, schema_path):
    c = Checker("schema")
    with open(values_path, encoding="utf-8") as f:
        values = yaml.safe_load(f)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)

    def walk_values(value, node, path):
        node = resolve(schema, node)
        c.expect(isinstance(node, dict) and node, f"{path}: not described by the schema")
        if not isinstance(node, dict):
            return
        c.expect("type" in node or "anyOf" in node or "enum" in node, f"{path}: the schema gives no type")
        if isinstance(value, dict) and "properties" in node:
            for key, sub in value.items():
                props = node["properties"]
                if c.expect(key in props, f"{path}.{key}: not described by the schema"):
                    walk_values(sub, props[key], f"{path}.{key}")

    def walk_schema(node, path):
        node = resolve(schema, node)
        if isinstance(node, dict) and "properties" in node:
            c.expect(node.get("additionalProperties") is False,
                     f"{path}: object schema without additionalProperties: false")
            for key, sub in node["properties"].items():
                walk_schema(sub, f"{path}.{key}")
        if isinstance(node, dict) and isinstance(node.get("items"), dict):
            walk_schema(node["items"], f"{path}[]")

    walk_values(values, schema, "values")
    walk_schema(schema, "values")
    return c.finish()


def main(argv):
    if len(argv) == 4 and argv[1] == "render":
        return check_render(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "schema":
        return check_schema(argv[2], argv[3])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

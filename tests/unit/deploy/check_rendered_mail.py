#!/usr/bin/env python3
"""The chart's e-mail wiring (mail.*), used by helm_chart_test.sh on every profile.

  check_rendered_mail.py <profile> <rendered.yaml>

Profile "mail" (values-mail.yaml) must wire the SMTP relay into every samen-server pod:
the ConfigMap's SAMEN_SMTP_URL, SAMEN_SMTP_TLS, SAMEN_MAIL_FROM and SAMEN_APP_URL; the
username from the Secret (secretKeyRef, never a literal); the password and the CA bundle
as read-only mounted files; egress on the relay's port to networkPolicy.smtpTo. Every
other profile sets no mail value and must render none of it. The gateway and the
migration Job never get the relay's credentials.

Prints one line per failed assertion and exits 1 if any failed.
"""

import sys

import yaml

from check_rendered_chart import Checker, dig, name_of

MAIL_CONFIG = {
    "SAMEN_SMTP_URL": "smtp://relay.school.example:587",
    "SAMEN_SMTP_TLS": "starttls",
    "SAMEN_MAIL_FROM": "Samen <noreply@school.example>",
    "SAMEN_APP_URL": "https://app.samen.example",
}
SECRET = "samen-smtp"
CA_CONFIGMAP = "samen-smtp-ca"
SERVICE_CLIENT = "samen-service-client"
MAIL_ENV = {"SAMEN_SMTP_USER", "SAMEN_SMTP_PASSWORD_FILE", "SAMEN_SMTP_CA_FILE",
            "SAMEN_SMTP_PASSWORD", "SAMEN_SERVICE_CLIENT_ID",
            "SAMEN_SERVICE_CLIENT_SECRET_FILE"}
MAIL_PORTS = {25, 465, 587, 2525}


def pod_spec(workload):
    return dig(workload, "spec", "template", "spec", default={}) or {}


def mount_for(spec, container, path):
    """The volume mounted at `path` in `container`, and its mount."""
    for m in container.get("volumeMounts") or []:
        if m.get("mountPath") == path:
            for v in spec.get("volumes") or []:
                if v.get("name") == m.get("name"):
                    return v, m
    return None, None


def check_server(c, where, spec, container):
    env = {e["name"]: e for e in container.get("env") or []}
    user = env.get("SAMEN_SMTP_USER", {})
    c.expect(dig(user, "valueFrom", "secretKeyRef") == {"name": SECRET, "key": "username"},
             f"{where}: SAMEN_SMTP_USER does not come from Secret {SECRET} key username: {user}")
    client = env.get("SAMEN_SERVICE_CLIENT_ID", {})
    c.expect(dig(client, "valueFrom", "secretKeyRef") == {"name": SERVICE_CLIENT, "key": "client-id"},
             f"{where}: SAMEN_SERVICE_CLIENT_ID does not come from Secret {SERVICE_CLIENT}: {client}")
    c.expect("SAMEN_SMTP_PASSWORD" not in env, f"{where}: the SMTP password is an environment variable")
    c.expect(not any("smtp_password" in a and "file" not in a for a in container.get("args") or []),
             f"{where}: the SMTP password is on the command line")
    files = {"SAMEN_SMTP_PASSWORD_FILE": ("/etc/samen/smtp", "password",
                                          ("secret", "secretName", SECRET, "password")),
             "SAMEN_SMTP_CA_FILE": ("/etc/samen/smtp-ca", "ca.pem",
                                    ("configMap", "name", CA_CONFIGMAP, "internal-ca.pem")),
             "SAMEN_SERVICE_CLIENT_SECRET_FILE": (
                 "/etc/samen/service-client", "client-secret",
                 ("secret", "secretName", SERVICE_CLIENT, "client-secret"))}
    for var, (directory, file, (kind, name_key, name, key)) in files.items():
        value = env.get(var, {}).get("value")
        c.expect(value == f"{directory}/{file}", f"{where}: {var} is {value!r}")
        volume, mount = mount_for(spec, container, directory)
        if not c.expect(volume is not None, f"{where}: nothing mounted at {directory}"):
            continue
        c.expect(mount.get("readOnly") is True, f"{where}: {directory} is not mounted read-only")
        c.expect(dig(volume, kind, name_key) == name, f"{where}: {directory} is not {kind} {name}")
        c.expect(dig(volume, kind, "items") == [{"key": key, "path": file}],
                 f"{where}: {directory} does not hold exactly {key} as {file}")


def check_policies(c, mail_on, policies):
    smtp = []
    for p in policies:
        for rule in dig(p, "spec", "egress", default=[]) or []:
            ports = {port.get("port") for port in rule.get("ports") or []}
            if ports & MAIL_PORTS:
                smtp.append((p, rule, ports))
    if not mail_on:
        c.expect(not smtp, f"no mail configured, but egress to SMTP ports: "
                           f"{[name_of(p) for p, _, _ in smtp]}")
        return
    if not c.expect(len(smtp) == 1, f"expected one egress rule to the relay, found {len(smtp)}"):
        return
    p, rule, ports = smtp[0]
    c.expect(ports == {587}, f"{name_of(p)}: SMTP egress on {ports}, expected 587 (from smtpUrl)")
    c.expect(dig(p, "spec", "podSelector", "matchLabels", "samen/tier") == "backend",
             f"{name_of(p)}: SMTP egress is not for the samen-server pods")
    c.expect(rule.get("to") == [{"ipBlock": {"cidr": "10.0.9.25/32"}}],
             f"{name_of(p)}: SMTP egress goes to {rule.get('to')}, expected networkPolicy.smtpTo")


def check(profile, path):
    c = Checker(f"mail {profile}")
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    mail_on = profile == "mail"
    config = next((d.get("data") or {} for d in docs
                   if d.get("kind") == "ConfigMap" and name_of(d).endswith("-config")), {})
    for key, value in MAIL_CONFIG.items():
        expected = value if mail_on else None
        c.expect(config.get(key) == expected, f"ConfigMap: {key} is {config.get(key)!r}, expected {expected!r}")
    c.expect(not any("PASSWORD" in k and "SMTP" in k and not k.endswith("_FILE") for k in config),
             "ConfigMap: holds an SMTP password")
    servers = 0
    for d in docs:
        if d.get("kind") not in ("Deployment", "Job"):
            continue
        spec = pod_spec(d)
        component = dig(d, "metadata", "labels", "app.kubernetes.io/component")
        for container in spec.get("containers") or []:
            where = f"{name_of(d)}/{container.get('name')}"
            if d.get("kind") == "Deployment" and component != "gateway" and mail_on:
                servers += 1
                check_server(c, where, spec, container)
                continue
            names = {e["name"] for e in container.get("env") or []}
            c.expect(not names & MAIL_ENV, f"{where}: mail environment {sorted(names & MAIL_ENV)}")
            volumes = {v.get("name") for v in spec.get("volumes") or []}
            c.expect(not volumes & {"smtp-credentials", "smtp-ca"}, f"{where}: mail volumes {volumes}")
    c.expect(servers > 0 or not mail_on, "no samen-server Deployment to check")
    check_policies(c, mail_on, [d for d in docs if d.get("kind") == "NetworkPolicy"])
    return c.finish()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(check(sys.argv[1], sys.argv[2]))

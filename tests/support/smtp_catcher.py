#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd): catches every message.

  smtp_catcher.py --port 0 --dir DIR [--host 127.0.0.1]
      [--refuse REGEX] [--stall REGEX --stall-seconds N [--stall-times K]]
      [--fail-first K] [--auth USER:PASSWORD] [--tls-cert FILE --tls-key FILE]

Prints "listening <port>" on stdout (flushed) once it accepts connections. Each accepted
message is written atomically as DIR/NNNNNN.json (mail_from, rcpt_tos, received_at, raw,
headers, subject, message_id, parts); DIR/log.txt has every session event and reply;
DIR/stats.json counts connections and transactions after each one.

--refuse: RCPT TO matching REGEX gets "550 5.1.1 mailbox unavailable".
--stall: the reply to RCPT TO matching REGEX waits --stall-seconds, the first
  --stall-times times (default 1), so a test can kill the sender while it waits.
--fail-first K: the first K DATA transactions get "451 4.3.0 try again later".
--auth: AUTH PLAIN/LOGIN with these credentials is required before MAIL.
--tls-cert/--tls-key: STARTTLS is offered and required before MAIL (and AUTH).
SIGTERM or SIGINT stops it with exit status 0.
"""

import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import re
import signal
import ssl
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--dir", required=True)
    p.add_argument("--refuse", default="")
    p.add_argument("--stall", default="")
    p.add_argument("--stall-seconds", type=float, default=30.0)
    p.add_argument("--stall-times", type=int, default=1)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--auth", default="", help="USER:PASSWORD")
    p.add_argument("--tls-cert", default="")
    p.add_argument("--tls-key", default="")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.auth and ":" not in args.auth:
        p.error("--auth wants USER:PASSWORD")
    return args


def write_json_atomically(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def part_text(part):
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        content = part.get_payload(decode=True) or b""
    if isinstance(content, bytes):
        return content.decode("utf-8", "replace")
    if isinstance(content, email.message.Message):
        return content.as_string()
    return str(content)


def describe_part(part):
    params = {}
    content_type = part.get("content-type")
    if content_type is not None and hasattr(content_type, "params"):
        params = {k.lower(): str(v) for k, v in content_type.params.items()}
    return {
        "content_type": part.get_content_type(),
        "params": params,
        "disposition": part.get_content_disposition() or "",
        "filename": part.get_filename() or "",
        "text": part_text(part),
    }


def header_value(value):
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - an undecodable header stays readable
        return repr(value)


def describe_message(envelope):
    raw = envelope.original_content or envelope.content or b""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {}
    for name, value in msg.items():
        headers.setdefault(name.lower(), []).append(header_value(value))
    parts = [describe_part(p) for p in msg.walk() if not p.is_multipart()]
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": list(envelope.rcpt_tos),
        "received_at": time.time(),
        "raw": raw.decode("utf-8", "replace"),
        "headers": headers,
        "subject": header_value(msg.get("subject", "")),
        "message_id": header_value(msg.get("message-id", "")),
        "parts": parts,
    }


class Catcher:
    """The aiosmtpd handler: decides replies, saves messages, keeps the log and stats."""

    def __init__(self, args):
        self.args = args
        self.dir = args.dir
        self.refuse = re.compile(args.refuse) if args.refuse else None
        self.stall = re.compile(args.stall) if args.stall else None
        self.stalls_left = args.stall_times
        self.data_failures_left = args.fail_first
        self.stats = {"connections": 0, "transactions": 0, "accepted": 0,
                      "failed_transactions": 0, "refused_recipients": 0,
                      "stalled_recipients": 0, "auth_failures": 0}
        self.sequence = self._last_sequence()
        self.logger = logging.getLogger("samen.smtp_catcher")

    def _last_sequence(self):
        numbers = [int(n[:6]) for n in os.listdir(self.dir)
                   if re.fullmatch(r"\d{6}\.json", n)]
        return max(numbers, default=0)

    def log(self, session, what):
        peer = session.peer if session is not None and session.peer else "-"
        self.logger.info("%s %s", peer, what)

    def save_stats(self):
        write_json_atomically(os.path.join(self.dir, "stats.json"), self.stats)

    def connected(self, session):
        self.stats["connections"] += 1
        self.save_stats()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse is not None and self.refuse.search(address):
            self.stats["refused_recipients"] += 1
            self.save_stats()
            return "550 5.1.1 mailbox unavailable"
        if self.stall is not None and self.stall.search(address) and self.stalls_left > 0:
            self.stalls_left -= 1
            self.stats["stalled_recipients"] += 1
            self.save_stats()
            self.log(session, f"stalling RCPT {address} for {self.args.stall_seconds}s")
            await asyncio.sleep(self.args.stall_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.stats["transactions"] += 1
        if self.data_failures_left > 0:
            self.data_failures_left -= 1
            self.stats["failed_transactions"] += 1
            self.save_stats()
            return "451 4.3.0 try again later"
        try:
            described = describe_message(envelope)
        except Exception as e:  # noqa: BLE001 - a test wants to see the bad message
            self.log(session, f"cannot parse message: {e!r}")
            described = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                         "received_at": time.time(), "parse_error": repr(e),
                         "raw": (envelope.original_content or b"").decode("utf-8", "replace"),
                         "headers": {}, "subject": "", "message_id": "", "parts": []}
        self.sequence += 1
        name = f"{self.sequence:06d}.json"
        write_json_atomically(os.path.join(self.dir, name), described)
        self.stats["accepted"] += 1
        self.save_stats()
        self.log(session, f"saved {name} from {envelope.mail_from} to {envelope.rcpt_tos}")
        return "250 2.0.0 Message accepted for delivery"

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        user, password = self.args.auth.split(":", 1)
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        self.log(session, f"AUTH {mechanism} {'ok' if ok else 'failed'}")
        if not ok:
            self.stats["auth_failures"] += 1
            self.save_stats()
        return AuthResult(success=ok, handled=False)


class LoggingSMTP(SMTP):
    """aiosmtpd's SMTP that counts connections (a STARTTLS upgrade is not a new one)."""

    def __init__(self, catcher, **kwargs):
        super().__init__(catcher, **kwargs)
        self.catcher = catcher

    def connection_made(self, transport):
        first = self.transport is None
        super().connection_made(transport)
        if first:
            self.catcher.connected(self.session)


def tls_context(args):
    if not args.tls_cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    return context


async def serve(args):
    catcher = Catcher(args)
    context = tls_context(args)
    options = {"hostname": "samen-smtp-catcher", "ident": "Samen test SMTP catcher"}
    if context is not None:
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        options.update(authenticator=catcher.authenticator, auth_required=True,
                       auth_require_tls=context is not None)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: LoggingSMTP(catcher, **options),
                                      host=args.host, port=args.port)
    port = server.sockets[0].getsockname()[1]
    catcher.save_stats()
    catcher.log(None, f"listening on {args.host}:{port}")
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"listening {port}", flush=True)
    await stop.wait()
    server.close()
    catcher.log(None, "stopped")


def setup_logging(directory):
    """Our events and aiosmtpd's own (every command and reply, AUTH data hidden) in log.txt."""
    handler = logging.FileHandler(os.path.join(directory, "log.txt"), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(created).3f %(name)s %(message)s"))
    for name in ("samen.smtp_catcher", "mail.log"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        logger.propagate = False


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.dir, exist_ok=True)
    setup_logging(args.dir)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A throw-away Dovecot IMAP server for tests and the benchmark: STARTTLS with a self-signed
certificate made here, one passwd-file user, Maildir under a temporary folder, a free local port.

It runs as the current user and fails loudly when Dovecot is missing (`.ci/ensure-dovecot` installs
it): email-in tests must never pass by being skipped."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imap_tools import MailBoxStartTls

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "desk@example.test", "imap-test-password"


@dataclass(frozen=True)
class Imap:
    host: str
    port: int
    user: str
    password: str
    ca_file: Path

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a message as a mail server would, through IMAP APPEND."""
        with MailBoxStartTls(self.host, self.port, ssl_context=self.ssl_context()).login(
            self.user, self.password, initial_folder=folder
        ) as box:
            box.append(raw, folder, flag_set=())

    def seen_count(self, folder: str = "INBOX") -> tuple[int, int]:
        """(messages, of which flagged \\Seen) in the folder."""
        with MailBoxStartTls(self.host, self.port, ssl_context=self.ssl_context()).login(
            self.user, self.password, initial_folder=folder
        ) as box:
            flags = [message.flags for message in box.fetch(mark_seen=False, headers_only=True)]
        return len(flags), sum("\\Seen" in f for f in flags)

    def sources(self, folder: str = "INBOX") -> list[bytes]:
        """The messages in a folder as the server keeps them."""
        with MailBoxStartTls(self.host, self.port, ssl_context=self.ssl_context()).login(
            self.user, self.password, initial_folder=folder
        ) as box:
            return [message.obj.as_bytes() for message in box.fetch(mark_seen=False)]


@contextmanager
def dovecot_server(root: Path) -> Iterator[Imap]:
    if not os.path.exists(DOVECOT):
        raise RuntimeError(f"{DOVECOT} is missing: run `bash .ci/ensure-dovecot` (installs dovecot-imapd)")
    port = _free_port()
    cert, key = _self_signed(root)
    config, mail = _configure(root, port, cert, key)
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    try:
        _wait_for(port, process, root)
        yield Imap("localhost", port, USER, PASSWORD, cert)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(mail, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _self_signed(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _configure(root: Path, port: int, cert: Path, key: Path) -> tuple[Path, Path]:
    # Run as whoever runs the tests; as root, Dovecot's login processes need its own unprivileged users.
    me = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S607
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S607
    internal, login = ("dovecot", "dovenull") if os.getuid() == 0 else (me, me)
    uid, gid, mail = os.getuid(), os.getgid(), root / "mail"
    if uid == 0:  # Dovecot never keeps mail as root: the mail is Dovecot's own user's, in a folder it may enter
        account = pwd.getpwnam(internal)
        uid, gid, mail = account.pw_uid, account.pw_gid, Path(tempfile.mkdtemp(prefix="dovecot-mail-"))
        os.chown(mail, uid, gid)
    (root / "run").mkdir()
    mail.mkdir(exist_ok=True)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{mail}/home\n")
    config = root / "dovecot.conf"
    config.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/run
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain
mail_location = maildir:{mail}/%u
default_internal_user = {internal}
default_internal_group = {group if internal == me else internal}
default_login_user = {login}
first_valid_uid = 0
first_valid_gid = 0
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service auth {{
  user = {me}
}}
passdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
"""
    )
    return config, mail


def _wait_for(port: int, process: subprocess.Popen[bytes], root: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(
                f"Dovecot stopped at start: {process.stderr.read().decode() if process.stderr else ''}{log}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("Dovecot did not answer within 5 s")

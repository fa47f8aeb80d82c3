"""How a message reaches the mail server: SMTP with a commit before the final dot, or any
Django email backend (the console in development, the in-memory outbox in unit tests)."""

import re
import smtplib
import socket
import ssl

from django.conf import settings
from django.core.mail import get_connection

CRLF = b"\r\n"


class Refused(Exception):
    """The server refused this message: `permanent` for a 5xx reply, else temporary (4xx)."""

    def __init__(self, code, reply):
        super().__init__(f"{code} {reply}")
        self.code, self.reply, self.permanent = code, reply, 500 <= code < 600


def _reply_text(reply):
    return (reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply))[:250]


class TwoPhaseMixin:
    """smtplib sends DATA and its final dot in one call (SMTP.data); newsdesk needs a commit
    in between (see sending/__init__.py), so this does DATA's steps itself."""

    def send_message_in_two_phases(self, sender, recipient, message_bytes, before_dot):
        self.ehlo_or_helo_if_needed()
        code, reply = self.mail(sender)
        if code != 250:
            self.rset()
            raise Refused(code, _reply_text(reply))
        code, reply = self.rcpt(recipient)
        if code not in (250, 251):
            self.rset()
            raise Refused(code, _reply_text(reply))
        code, reply = self.docmd("data")
        if code != 354:
            self.rset()
            raise Refused(code, _reply_text(reply))
        body = re.sub(rb"(?m)^\.", b"..", message_bytes)
        if not body.endswith(CRLF):
            body += CRLF
        self.send(body)
        before_dot()
        self.send(b"." + CRLF)
        code, reply = self.getreply()
        if code != 250:
            raise Refused(code, _reply_text(reply))
        return _reply_text(reply)


class TwoPhaseSMTP(TwoPhaseMixin, smtplib.SMTP):
    pass


class TwoPhaseSMTPSSL(TwoPhaseMixin, smtplib.SMTP_SSL):
    pass


class SMTPTransport:
    """One connection to the server of Django's EMAIL_* settings (NEWSDESK_SMTP_URL)."""

    two_phase = True

    def __init__(self):
        self.connection = None

    def open(self):
        timeout = settings.EMAIL_TIMEOUT
        if settings.EMAIL_USE_SSL:
            self.connection = TwoPhaseSMTPSSL(settings.EMAIL_HOST, settings.EMAIL_PORT,
                                              timeout=timeout,
                                              context=ssl.create_default_context())
        else:
            self.connection = TwoPhaseSMTP(settings.EMAIL_HOST, settings.EMAIL_PORT,
                                           timeout=timeout)
            if settings.EMAIL_USE_TLS:
                self.connection.starttls(context=ssl.create_default_context())
        # The final dot is a write of its own, right after the message: with Nagle's
        # algorithm it waits for the ACK of the message, which the server delays (40 ms on
        # Linux) because it has nothing to say yet. 40 ms a message: 25 messages a second.
        self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if settings.EMAIL_HOST_USER:
            self.connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)

    def send(self, sender, recipient, message, before_dot):
        if self.connection is None:
            self.open()
        return self.connection.send_message_in_two_phases(
            sender, recipient, message.as_bytes(), before_dot)

    def close(self):
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def abort(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class BackendTransport:
    """Any other Django backend: no dot to wait for, so the commit comes just before sending."""

    two_phase = False

    def __init__(self):
        self.connection = get_connection()

    def open(self):
        self.connection.open()

    def send(self, sender, recipient, message, before_dot):
        before_dot()
        self.connection.send_messages([message.django_message])
        return "accepted by the email backend"

    def close(self):
        self.connection.close()

    abort = close


def transport():
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return SMTPTransport()
    return BackendTransport()

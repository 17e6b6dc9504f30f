"""How a message leaves Relais: email through Django's mail, SMS through a chosen backend.

Every send carries the delivery's idempotency key:
- email: a deterministic Message-ID built from it, so a message sent twice (worker killed after
  the SMTP server accepted it) is the same message for the mail systems that deduplicate;
- SMS over HTTP: an `Idempotency-Key` header, so the provider sends one SMS however often we ask.

Backends raise `PermanentError` (retrying will not help: bad number, refused by the provider)
or `TemporaryError` (try again later: timeout, 5xx, network)."""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    permanent = False


class PermanentError(DeliveryError):
    """The provider refused the message for good: retrying will not help."""

    permanent = True


class TemporaryError(DeliveryError):
    """The message could not be sent now: it will be tried again later."""


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164
    text: str
    idempotency_key: str


# --- Email ---------------------------------------------------------------------------------------


def _mail_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rsplit("@", 1)[1] if "@" in address else "relais.localhost"


def message_id_for(idempotency_key: str) -> str:
    """The same key always gives the same Message-ID."""
    return f"<{idempotency_key}@{_mail_domain()}>"


def send_email(*, to: str, subject: str, body: str, idempotency_key: str) -> str:
    """Send one email through Django's configured backend; return its Message-ID."""
    import smtplib

    message_id = message_id_for(idempotency_key)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id, "X-Relais-Idempotency-Key": idempotency_key},
    )
    try:
        sent = message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentError(f"Le serveur de courriel refuse l'adresse {to} : {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        error = f"Le serveur de courriel a répondu {exc.smtp_code} : {exc.smtp_error!r}"
        if 500 <= exc.smtp_code < 600:
            raise PermanentError(error) from exc
        raise TemporaryError(error) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryError(f"Le serveur de courriel est injoignable : {exc}") from exc
    if not sent:
        raise TemporaryError("Le courriel n'a pas été accepté par le serveur.")
    return message_id


# --- SMS -----------------------------------------------------------------------------------------


class ConsoleSmsBackend:
    """Development: each SMS is appended to var/sms.log (one line per message)."""

    def send(self, message: SmsMessage) -> str:
        path = settings.VAR_DIR / "sms.log"
        line = json.dumps(
            {
                "at": timezone.now().isoformat(timespec="seconds"),
                "to": message.to,
                "idempotency_key": message.idempotency_key,
                "text": message.text,
            },
            ensure_ascii=False,
        )
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")
        return f"console-{message.idempotency_key}"


outbox: list[SmsMessage] = []


class LocmemSmsBackend:
    """Tests: SMS are kept in `relais.notifications.backends.outbox`."""

    def send(self, message: SmsMessage) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"


class HttpSmsBackend:
    """A real SMS provider over HTTPS.

    POST {SMS_PROVIDER_URL} with JSON {"to", "from", "sender", "text"},
    `Authorization: Bearer {SMS_API_TOKEN}` and `Idempotency-Key: {key}`; a 2xx answer with
    JSON {"id": ...} (or "message_id") means accepted. 4xx: refused for good (except 408, 409,
    425 and 429, which mean "try again"); 5xx, timeouts and network errors: try again."""

    RETRYABLE_4XX = {408, 409, 425, 429}

    def __init__(
        self,
        *,
        url: str | None = None,
        token: str | None = None,
        sender: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.url = url if url is not None else settings.SMS_PROVIDER_URL
        self.token = token if token is not None else settings.SMS_API_TOKEN
        self.sender = sender if sender is not None else settings.SMS_SENDER
        self.timeout = timeout if timeout is not None else settings.SMS_TIMEOUT

    def send(self, message: SmsMessage) -> str:
        if not self.url:
            raise TemporaryError("SMS_PROVIDER_URL n'est pas configuré : impossible d'envoyer des SMS.")
        if not self.token:
            raise TemporaryError("SMS_API_TOKEN n'est pas configuré : impossible d'envoyer des SMS.")
        payload = json.dumps(
            {"to": message.to, "from": self.sender, "sender": self.sender, "text": message.text},
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": message.idempotency_key,
                "User-Agent": "Relais/1.0 (+notifications)",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            detail = _short(exc.read(2048) if exc.fp else b"")
            error = f"Le fournisseur SMS a répondu {exc.code} : {detail}"
            if 400 <= exc.code < 500 and exc.code not in self.RETRYABLE_4XX:
                raise PermanentError(error) from exc
            raise TemporaryError(error) from exc
        except TimeoutError as exc:
            raise TemporaryError(f"Le fournisseur SMS n'a pas répondu dans les {self.timeout:g} s.") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise TemporaryError(f"Le fournisseur SMS n'a pas répondu dans les {self.timeout:g} s.") from exc
            raise TemporaryError(f"Le fournisseur SMS est injoignable : {exc.reason}") from exc
        except (http.client.HTTPException, OSError) as exc:
            raise TemporaryError(f"Erreur de connexion au fournisseur SMS : {exc!r}") from exc
        if not 200 <= status < 300:
            raise TemporaryError(f"Réponse inattendue du fournisseur SMS : {status}")
        try:
            data = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = {}
        provider_id = ""
        if isinstance(data, dict):
            provider_id = str(data.get("id") or data.get("message_id") or "")
        return provider_id or message.idempotency_key


def _short(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip()
    return text[:300] or "(réponse vide)"


SMS_BACKENDS = {"console": ConsoleSmsBackend, "locmem": LocmemSmsBackend, "http": HttpSmsBackend}


def get_sms_backend():
    name = settings.SMS_BACKEND
    backend_class = SMS_BACKENDS.get(name) or import_string(name)
    return backend_class()


def send_sms(*, to: str, text: str, idempotency_key: str) -> str:
    return get_sms_backend().send(SmsMessage(to=to, text=text, idempotency_key=idempotency_key))

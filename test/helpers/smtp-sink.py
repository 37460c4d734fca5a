# A real SMTP server for the mail tests (Debian's python3-aiosmtpd): accepts
# every message on 127.0.0.1:PORT and saves each one, as received, to
# FOLDER/<n>.eml, and what Python's email package reads in it to
# FOLDER/<n>.json (envelope, decoded headers, parts, attachments). Prints READY once it
# listens. Run with /usr/bin/python3: smtp-sink.py PORT FOLDER
import json, os, sys, time
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller

port, folder = int(sys.argv[1]), sys.argv[2]
os.makedirs(folder, exist_ok=True)
count = 0

class Save:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        tmp = os.path.join(folder, f'{count}.tmp')
        with open(tmp, 'wb') as f:
            f.write(envelope.original_content or envelope.content)
        raw = envelope.original_content or envelope.content
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        text = msg.get_body(preferencelist=('plain',))
        html = msg.get_body(preferencelist=('html',))
        attachments = [
            {'filename': a.get_filename(), 'contentType': a.get_content_type(), 'method': a.get_param('method'), 'content': a.get_content() if isinstance(a.get_content(), str) else a.get_content().decode('utf-8')}
            for a in msg.iter_attachments()
        ]
        parsed = {
            'envelopeFrom': envelope.mail_from, 'envelopeTo': envelope.rcpt_tos,
            'from': str(msg['From']), 'to': str(msg['To']), 'subject': str(msg['Subject']),
            'text': text.get_content() if text else None, 'html': html.get_content() if html else None,
            'attachments': attachments,
        }
        with open(os.path.join(folder, f'{count}.json.tmp'), 'w') as f:
            json.dump(parsed, f)
        os.rename(os.path.join(folder, f'{count}.json.tmp'), os.path.join(folder, f'{count}.json'))
        os.rename(tmp, os.path.join(folder, f'{count}.eml'))
        return '250 OK saved'

kwargs = {}
if len(sys.argv) > 3:
    from aiosmtpd.smtp import AuthResult
    want_user, want_pass = sys.argv[3].split(':', 1)
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == want_user and auth_data.password.decode() == want_pass
        return AuthResult(success=ok)
    kwargs = dict(authenticator=authenticator, auth_require_tls=False, auth_required=True)
c = Controller(Save(), hostname='127.0.0.1', port=port, **kwargs)
c.start()
print('READY', flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    c.stop()

// Process: any (pure). What a log line may say about a person or a secret.
// Logs never carry a URL (only the route pattern), a cookie, a CSRF value or
// a token; an email is shown as its first letter and its domain. As a last
// net, every line is passed through maskEmails before it is written.

const EMAIL = /([A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/** ada@example.org → a***@example.org; anything without an @ is returned as given. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return email;
  return `${email[0]}***${email.slice(at)}`;
}

/** Every email address in a text, masked (idempotent: a***@x has nothing left to mask). */
export function maskEmails(text: string): string {
  return text.includes('@') ? text.replace(EMAIL, '$1***@$2') : text;
}

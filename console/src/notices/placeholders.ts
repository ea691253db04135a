/**
 * The placeholder syntax of notice templates: `{{name}}` or `{{a.b}}`, letters, digits and `_`,
 * optional spaces inside the braces. There is nothing else (no expressions, no loops, no raw
 * output), so a template can never run code; anything else between braces stays literal text.
 * @example
 * '{{ site.name }}'.replace(PLACEHOLDER_PATTERN, '…');
 */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\s*\}\}/g;

/**
 * Values for placeholders, flat: the key of `{{site.name}}` is `'site.name'`.
 * @example
 * const vars: TemplateVars = { 'site.name': 'Acme HQ', respondBy: '14:05 CST' };
 */
export type TemplateVars = Readonly<Record<string, string>>;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values (OWASP rule #1 and #2).
 * @example
 * escapeHtml('<img src=x onerror=alert(1)>'); // '&lt;img src=x onerror=alert(1)&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Every placeholder name a template uses, once each.
 * @example
 * placeholderNames('{{site.name}} by {{respondBy}}'); // ['site.name', 'respondBy']
 */
export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]!))];
}

/**
 * Fills a template. In `html` mode every value is escaped; the template's own markup is trusted
 * (operators write it). An unknown name renders as empty text: templates are checked against the
 * known names when saved, so this only happens for a name retired after the save.
 * @example
 * renderPlaceholders('<b>{{site.name}}</b>', { 'site.name': 'A&B' }, 'html'); // '<b>A&amp;B</b>'
 */
export function renderPlaceholders(template: string, vars: TemplateVars, mode: 'text' | 'html'): string {
  return template.replace(PLACEHOLDER_PATTERN, (_m, name: string) => {
    const v = Object.hasOwn(vars, name) ? vars[name]! : '';
    return mode === 'html' ? escapeHtml(v) : v;
  });
}

/**
 * Turns a plain-text template into an HTML one: literal text escaped, blank lines into
 * paragraphs, single newlines into `<br>`. Placeholders survive (braces, dots and letters are not
 * escaped) and are escaped later, when rendered in `html` mode.
 * @example
 * textTemplateToHtml('Hi {{site.name}}\n\nBye'); // '<p>Hi {{site.name}}</p>\n<p>Bye</p>'
 */
export function textTemplateToHtml(template: string): string {
  return template
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

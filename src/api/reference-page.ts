/**
 * The API's reference as one HTML page, written on the server from the OpenAPI document: each group of
 * calls, each call with its parameters, body and answers. No script and nothing fetched from elsewhere,
 * so it reads offline and under the console's Content-Security-Policy.
 */

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
  security?: unknown[];
}
interface Document {
  info: { title: string; version: string; description: string; license: { name: string } };
  paths: Record<string, Record<string, Operation>>;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A schema in a few words: its name when it has one, else its type (and the values of an enum). */
function typeOf(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1)!;
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items as Record<string, unknown>)}[]`;
  const type = schema.format ?? schema.type;
  return typeof type === 'string' ? type : 'object';
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = op.parameters
    .map(
      (p) =>
        `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}${p.required ? ', required' : ''}</td>` +
        `<td><code>${escape(typeOf(p.schema))}</code></td><td>${escape(p.description ?? '')}</td></tr>`,
    )
    .join('');
  const body = op.requestBody?.content['application/json']?.schema;
  const answers = Object.entries(op.responses)
    .map(([status, r]) => {
      const types = Object.entries(r.content ?? {})
        .map(
          ([type, m]) =>
            `${type} <code>${escape(typeOf((m as { schema?: Record<string, unknown> }).schema))}</code>`,
        )
        .join(', ');
      return `<li><strong>${status}</strong> ${escape(r.description)}${types ? `: ${types}` : ''}</li>`;
    })
    .join('');
  return `<section id="${escape(op.operationId)}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)} <span class="muted">(${escape(op.operationId)}${op.security?.length === 0 ? ', no token' : ''})</span></p>
${params ? `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th></th></tr></thead><tbody>${params}</tbody></table>` : ''}
${body ? `<p>Body: <code>${escape(typeOf(body))}</code> (JSON)</p>` : ''}
<ul>${answers}</ul>
</section>`;
}

export function referencePage(document: unknown): string {
  const doc = document as Document;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  const tags = [...byTag.keys()].sort();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)} ${escape(doc.info.version)}: reference</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; color: #1f2328; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; }
h3 { margin-bottom: 0.2rem; font-weight: 600; }
.method { display: inline-block; min-width: 3.5rem; color: #0550ae; }
.muted { color: #59636e; }
table { border-collapse: collapse; margin: 0.4rem 0; }
td, th { border-bottom: 1px solid #d1d9e0; padding: 0.2rem 0.6rem; text-align: start; vertical-align: top; }
section { border-top: 1px solid #d1d9e0; padding: 0.4rem 0; }
nav a { margin-inline-end: 0.8rem; }
</style>
</head>
<body>
<h1>${escape(doc.info.title)} <span class="muted">${escape(doc.info.version)}</span></h1>
<p>${escape(doc.info.description)}</p>
<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Licence: ${escape(doc.info.license.name)}.</p>
<nav>${tags.map((t) => `<a href="#tag-${escape(t)}">${escape(t)}</a>`).join(' ')}</nav>
${tags.map((t) => `<h2 id="tag-${escape(t)}">${escape(t)}</h2>\n${byTag.get(t)!.join('\n')}`).join('\n')}
</body>
</html>`;
}

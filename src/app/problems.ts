import type { z } from 'zod';

export interface Problem {
  path: string;
  message: string;
}

export function problemsOf(error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
      .join('')
      .replace(/^\./, ''),
    message: issue.message,
  }));
}

export function summary(problems: readonly Problem[]): string {
  const first = problems
    .slice(0, 3)
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
    .join('; ');
  return problems.length > 3 ? `${first}; ...` : first;
}

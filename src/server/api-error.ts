// The one error body of every JSON endpoint (`/api/ask`, the playground API, the webhook's refusals):
// `{ "error": { "code", "message" } }`. No Node dependencies: the playground page reads the same type.

export interface ApiError {
  error: { code: string; message: string };
}

export function apiError(code: string, message: string): ApiError {
  return { error: { code, message } };
}

/** What `sendApiError` needs of a response (express's has it); kept structural so the page can read this file. */
interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

export function sendApiError(res: JsonResponse, status: number, code: string, message: string): void {
  res.status(status).json(apiError(code, message));
}

// Reading JSON that came from outside (Lark events, message content, card JSON): a plain object, or not.
// No Node dependencies: the playground page reads card JSON with it too.

export type JsonObject = Record<string, unknown>;

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// Card callbacks can reach the long connection in data frames of type `card` (besides `event`), but the SDK's
// WSClient (1.74) hands only `event` frames to the dispatcher and leaves `card` frames unanswered: the user then
// sees error 200340 after 3 s. This lets the client treat a `card` frame as an event for dispatch and sends the
// response frame back with its original type. It works on two of the client's internal methods; if they are not
// there (another SDK version), it changes nothing and says so.

interface FrameHeader {
  key: string;
  value: string;
}
interface Frame {
  method: number;
  headers: FrameHeader[];
}
interface ClientInternals {
  handleEventData?: (frame: Frame) => Promise<void>;
  sendMessage?: (frame: Frame) => void;
}

const DATA = 1;
/** Card frames awaiting their response; bounded (a frame whose fragments never complete gets no response). */
const MAX_PENDING = 1_000;

const headerOf = (f: Frame, key: string) => f.headers.find((h) => h.key === key)?.value;
const withType = (f: Frame, type: string): Frame => ({ ...f, headers: f.headers.map((h) => (h.key === 'type' ? { key: 'type', value: type } : h)) });

/** Returns false when the client does not have the expected internals (nothing was changed). */
export function acceptCardFrames(client: object): boolean {
  const c = client as ClientInternals;
  const handle = c.handleEventData;
  const send = c.sendMessage;
  if (typeof handle !== 'function' || typeof send !== 'function') return false;
  const pending = new Set<string>();
  c.handleEventData = (frame) => {
    if (headerOf(frame, 'type') !== 'card') return handle.call(client, frame);
    const id = headerOf(frame, 'message_id') ?? '';
    pending.add(id);
    if (pending.size > MAX_PENDING) pending.delete(pending.values().next().value as string);
    return handle.call(client, withType(frame, 'event'));
  };
  c.sendMessage = (frame) => {
    const id = frame.method === DATA ? headerOf(frame, 'message_id') : undefined;
    if (id !== undefined && pending.delete(id)) return send.call(client, withType(frame, 'card'));
    return send.call(client, frame);
  };
  return true;
}

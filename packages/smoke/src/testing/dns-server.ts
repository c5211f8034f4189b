import { type Socket, createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

/** A question of a DNS query, as the client sent it. */
export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

const headerLength = 12;
const recordTypeA = 1;
const classInternet = 1;
const queryResponseFlag = 0x8000;
const authoritativeAnswerFlag = 0x0400;
const recursionDesiredFlag = 0x0100;
/** A compression pointer to offset 12: the question's name, right after the header. */
const pointerToQuestionName = 0xc00c;
const answerTimeToLiveSeconds = 60;

/** The header fields and the question of a standard query (RFC 1035 4.1), or undefined for anything else. */
export function parseDnsQuery(message: Buffer): { readonly id: number; readonly flags: number; readonly question: DnsQuestion; readonly questionEnd: number } | undefined {
  if (message.length < headerLength) return undefined;
  const flags = message.readUInt16BE(2);
  const opcode = (flags >> 11) & 0x0f;
  if (flags & queryResponseFlag || opcode !== 0 || message.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let offset = headerLength;
  for (;;) {
    const length = message[offset];
    if (length === undefined || length > 63) return undefined; // truncated, or a compression pointer (never in a query's question)
    offset += 1;
    if (length === 0) break;
    if (offset + length > message.length) return undefined;
    labels.push(message.toString('latin1', offset, offset + length));
    offset += length;
  }
  if (offset + 4 > message.length) return undefined;
  const question = { name: labels.join('.'), type: message.readUInt16BE(offset), class: message.readUInt16BE(offset + 2) };
  return { id: message.readUInt16BE(0), flags, question, questionEnd: offset + 4 };
}

/**
 * The authoritative answer to a standard query: the question echoed and, for an A question of
 * class IN, one A record with `address`; any other question gets an empty answer (NOERROR, no
 * data). Undefined for what is not a standard query with one question (nothing is sent back).
 */
export function answerDnsQuery(message: Buffer, address: string): Buffer | undefined {
  const query = parseDnsQuery(message);
  if (!query) return undefined;
  const answersA = query.question.type === recordTypeA && query.question.class === classInternet;
  const header = Buffer.alloc(headerLength);
  header.writeUInt16BE(query.id, 0);
  header.writeUInt16BE(queryResponseFlag | authoritativeAnswerFlag | (query.flags & recursionDesiredFlag), 2);
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(answersA ? 1 : 0, 6); // answers; no authority, no additional records
  const question = message.subarray(headerLength, query.questionEnd);
  if (!answersA) return Buffer.concat([header, question]);
  const answer = Buffer.alloc(16);
  answer.writeUInt16BE(pointerToQuestionName, 0);
  answer.writeUInt16BE(recordTypeA, 2);
  answer.writeUInt16BE(classInternet, 4);
  answer.writeUInt32BE(answerTimeToLiveSeconds, 6);
  answer.writeUInt16BE(4, 10);
  address.split('.').forEach((octet, index) => answer.writeUInt8(Number(octet), 12 + index));
  return Buffer.concat([header, question, answer]);
}

async function boundUdpSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}

const closeSocket = (socket: Socket) => new Promise<void>((resolve) => socket.close(() => resolve()));

/**
 * A DNS server on loopback UDP for the network probe tests, standing for the cluster's resolver:
 * it answers every A query with one address, whatever the name, and records the questions asked.
 */
export class LoopbackDnsResponder {
  readonly questions: DnsQuestion[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    readonly answerAddress: string,
  ) {}

  static async start(answerAddress = '10.0.0.1'): Promise<LoopbackDnsResponder> {
    if (!isIPv4(answerAddress)) throw new Error(`LoopbackDnsResponder answers with an IPv4 address, not "${answerAddress}"`);
    const socket = await boundUdpSocket();
    const responder = new LoopbackDnsResponder(socket, socket.address().port, answerAddress);
    socket.on('message', (message, client) => {
      const question = parseDnsQuery(message)?.question;
      if (question) responder.questions.push(question);
      const answer = answerDnsQuery(message, answerAddress);
      if (answer) socket.send(answer, client.port, client.address);
    });
    return responder;
  }

  stop(): Promise<void> {
    return closeSocket(this.socket);
  }
}

/**
 * A UDP port that receives and never answers: what a resolver behind a NetworkPolicy that drops
 * the query looks like to the client.
 */
export class SilentUdpPort {
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  static async start(): Promise<SilentUdpPort> {
    const socket = await boundUdpSocket();
    socket.on('message', () => {});
    return new SilentUdpPort(socket, socket.address().port);
  }

  stop(): Promise<void> {
    return closeSocket(this.socket);
  }
}

/** A UDP port on loopback nothing listens on (bound, then released): queries to it are refused. */
export async function closedUdpPort(): Promise<number> {
  const socket = await boundUdpSocket();
  const { port } = socket.address();
  await closeSocket(socket);
  return port;
}

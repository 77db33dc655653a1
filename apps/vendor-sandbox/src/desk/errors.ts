import { FastifyReply } from 'fastify';

// The desk's status code tells what happened; the body only ever says success false and why.
export const errorBody = (_status: number, message: string) => ({ success: false, message });

export const fail = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send(errorBody(status, message));

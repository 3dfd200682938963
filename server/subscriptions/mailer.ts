/**
 * Sending mail through nodemailer to SMTP_URL. Without SMTP_URL there is no mailer: callers say
 * that mail is off. Addresses are never logged (server/log-scrub.ts would hide them anyway).
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>): Mailer | null {
  if (!config.SMTP_URL) return null;
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.headers ? { headers: mail.headers } : {}),
      });
    },
    close: () => transport.close(),
  };
}

export const MAIL_OFF_MESSAGE =
  'E-mail is off on this server (SMTP_URL is not set): subscriptions cannot be confirmed, so none are taken';

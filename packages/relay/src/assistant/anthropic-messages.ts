import type Anthropic from '@anthropic-ai/sdk';
import type { Message } from '@tandem/protocol';

/**
 * The transcript as Messages API turns: the visitor speaks as `user`; the assistant's and human agents' replies as
 * `assistant`, an agent's marked so the model knows a person said it. System notices are left out. Consecutive
 * turns of one side are joined and the conversation starts with the visitor, as the API expects.
 */
export function toAnthropicMessages(
  transcript: readonly Message[],
  options: { maxMessages: number; transform: (text: string) => string },
): Anthropic.Messages.MessageParam[] {
  const turns: Anthropic.Messages.MessageParam[] = [];
  for (const message of transcript.slice(-options.maxMessages)) {
    if (message.role === 'system') continue;
    const role = message.role === 'visitor' ? 'user' : 'assistant';
    const prefix =
      message.role === 'agent' ? `[${message.author?.name ?? 'Support agent'}, a person from the team] ` : '';
    const text = prefix + options.transform(message.text) + describeAttachments(message, options.transform);
    const previous = turns.at(-1);
    if (previous && previous.role === role) previous.content = `${String(previous.content)}\n\n${text}`;
    else turns.push({ role, content: text });
  }
  while (turns[0]?.role === 'assistant') turns.shift();
  // The model answers the visitor: a transcript that ends with our own reply has nothing new to answer.
  return turns.at(-1)?.role === 'user' ? turns : [];
}

/**
 * The model cannot see files; it is told one was sent, so it neither ignores it nor pretends to have looked. The
 * file name is the sender's words and goes through the same redaction as the text.
 */
export function describeAttachments(message: Message, transform: (text: string) => string = (text) => text): string {
  const lines = (message.attachments ?? []).map((attachment) => {
    const kind = attachment.contentType === 'application/pdf' ? 'a PDF document' : 'a picture';
    const who = message.role === 'visitor' ? 'The visitor' : 'The team';
    return `[${who} attached ${kind}: "${transform(attachment.name).replaceAll('"', "'")}"]`;
  });
  return lines.length === 0 ? '' : `${message.text.trim().length > 0 ? '\n' : ''}${lines.join('\n')}`;
}

import type { Priority } from '@tandem/protocol';
import { compilePhrase, findPhrase, type PhrasePattern, prepareText } from './phrase-pattern.ts';
import type { SensitiveTopic } from './sensitive-topics-defaults.ts';
import { words } from './text.ts';

export interface TopicMatch {
  id: string;
  priority: Priority;
  /** The folded words that matched, for the audit log. */
  phrase: string;
}

export interface TopicMatcher {
  /** Every configured topic the text touches, each once, in configuration order. */
  match(text: string): TopicMatch[];
}

/** Compiles the topic phrases once; a bad phrase fails here, at start-up, naming itself. */
export function createTopicMatcher(topics: readonly SensitiveTopic[]): TopicMatcher {
  const compiled = topics.map((topic) => ({
    id: topic.id,
    priority: topic.priority ?? 'normal',
    patterns: topic.phrases.map((phrase) => compilePhrase(phrase)) as PhrasePattern[],
  }));
  return {
    match(text) {
      const folded = words(text);
      const prepared = prepareText(folded);
      const matches: TopicMatch[] = [];
      for (const topic of compiled) {
        for (const pattern of topic.patterns) {
          const [found] = findPhrase(pattern, prepared);
          if (!found) continue;
          matches.push({
            id: topic.id,
            priority: topic.priority,
            phrase: folded.slice(found.start, found.end).join(' '),
          });
          break;
        }
      }
      return matches;
    },
  };
}

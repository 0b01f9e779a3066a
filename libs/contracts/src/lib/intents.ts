/** The eight intents the router classifies prompts into, in the classifier's label order. */
export const INTENT_LABELS = [
  'coding',
  'math',
  'reasoning',
  'creative_writing',
  'knowledge_qa',
  'text_transformation',
  'translation',
  'chitchat',
] as const;

/** One of {@link INTENT_LABELS}. */
export type Intent = (typeof INTENT_LABELS)[number];

import { useLocalization } from './panel-localization.ts';

export interface RatingProps {
  sent: boolean;
  onRate(score: number): void;
}

const SCORES = [1, 2, 3, 4, 5] as const;

/** A 1 to 5 rating offered once the conversation has closed; each choice says in words what it means. */
export function Rating({ sent, onRate }: RatingProps) {
  const { t } = useLocalization();
  if (sent) return <p role="status">{t('rated')}</p>;
  return (
    <fieldset class="form rating-form" part="rating">
      <legend>{t('ratePrompt')}</legend>
      <div class="rating">
        {SCORES.map((score) => (
          <button
            key={score}
            type="button"
            class="secondary"
            title={t('rate', { score })}
            onClick={() => onRate(score)}
          >
            {t(`rating${score}`)}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

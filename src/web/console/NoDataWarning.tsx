import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { formatTime } from '../shared/format.js';
import { minutes } from './alert-words.js';
import { dataGap, recordEnded } from './data-gap.js';
import type { OperationView } from './use-operation.js';

/** The gap is looked at again this often: silence is what it watches for, so no event will wake it. */
const EVERY_MS = 30_000;

/** On every page: convoys on the road and no count or position for longer than the operation expects. */
export function NoDataWarning({ view }: { view: OperationView }) {
  const { list, t, number, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  const gap = dataGap(view.operation, view.convoys, view.positions, now);
  if (!gap) return null;
  const words = {
    n: number(gap.convoys.length),
    convoys: list(gap.convoys),
    duration: minutes(gap.minutes, { t, number }),
    time: formatTime(gap.since, lang, view.operation?.timezone),
  };
  return (
    <p className="banner warning" role="alert" data-testid="no-data">
      {/* Beyond two days it is an archive more than an outage: the date says more than the hours. */}
      {t(gap.minutes > 48 * 60 ? 'noDataSince' : 'noDataFor', words)}
    </p>
  );
}

/** An operation whose record ended long ago opens as it stood then, and says so, with its replay. */
export function HistoricalNote({
  view,
  navigate,
}: {
  view: OperationView;
  navigate: (href: string) => void;
}) {
  const { t, lang } = useI18n();
  const [now] = useState(() => Date.now());
  const last = recordEnded(view, now);
  if (!last) return null;
  return (
    <p className="banner" data-testid="historical">
      {t('historicalNote', { time: formatTime(last, lang, view.operation?.timezone) })}{' '}
      <a
        href="/replay"
        onClick={(e) => {
          e.preventDefault();
          navigate('/replay');
        }}
      >
        {t('replayIt')}
      </a>
    </p>
  );
}

// "What's on": public events anyone may join, signed in or not. The address bar holds the search
// (shareable, and Back goes to the previous one); the form edits a draft until it is submitted.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { discoveryMessages } from '../i18n/messages/discovery';
import { localTime, viewerZone } from '../lib';
import { useEventSearch, useResultPins } from '../lib/discovery';
import { ResultCard } from '../components/discovery/ResultCard';
import { SearchForm } from '../components/discovery/SearchForm';
import { parseSearch, toEventQuery, toSearchParams, type SearchValue } from '../components/discovery/searchParams';
import { usePageTitle } from '../components/layout/usePageTitle';
import { ErrorBoundary } from '../components/ui/ErrorBoundary';
import { errorText } from '../components/ui/errorText';
import '../styles/events.css';
import '../styles/discovery.css';

const ResultsMap = lazy(() => import('../components/map/maps').then((m) => ({ default: m.ResultsMap })));

export default function WhatsOnPage() {
  const t = useMessages(discoveryMessages);
  const common = useMessages(commonMessages);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const urlKey = params.toString();
  const value = useMemo(() => parseSearch(new URLSearchParams(urlKey)), [urlKey]);
  const zone = viewerZone();
  // Read once per visit: a search left open past midnight keeps the day it started with.
  const [today] = useState(() => localTime(Date.now(), zone).date);
  const query = useMemo(() => toEventQuery(value, zone, today), [value, zone, today]);
  const search = useEventSearch(query);
  const items = useMemo(() => search.data?.pages.flatMap((page) => page.items) ?? [], [search.data]);
  const pins = useResultPins(items);
  const [mapShown, setMapShown] = useState(true);
  const filtered = toSearchParams(value).toString() !== '';
  usePageTitle(t.title);

  const run = (next: SearchValue) => setParams(toSearchParams(next));

  return (
    <div className="page whats-on stack">
      <header className="whats-on-head">
        <h1>{t.title}</h1>
        <p className="muted">{t.lead}</p>
      </header>
      {/* Keyed by the URL, so Back (or a shared link) shows the form the results belong to. */}
      <SearchForm key={urlKey} value={value} onSearch={run} />

      <section className="whats-on-results stack" aria-labelledby="results-title" aria-busy={search.isFetching || undefined}>
        <div className="spread">
          <h2 id="results-title">{t.results}</h2>
          {search.isSuccess && items.length > 0 && (
            <span className="muted small" role="status" data-testid="result-count">
              {t.resultCount(items.length, search.hasNextPage)}
            </span>
          )}
        </div>

        {search.isPending && <ResultsSkeleton label={t.loading} />}
        {search.isError && (
          <div className="alert stack" role="alert" data-testid="search-error">
            <span>
              {t.loadError} {errorText(search.error, common)}
            </span>
            <button type="button" className="btn" onClick={() => void search.refetch()}>
              {common.retry}
            </button>
          </div>
        )}
        {search.isSuccess && items.length === 0 && (
          <div className="card empty" data-testid="search-empty">
            <span className="empty-emoji" aria-hidden="true">
              🫗
            </span>
            <h3>{filtered ? t.emptyTitle : t.emptyAllTitle}</h3>
            <p>{filtered ? t.emptyText : t.emptyAllText}</p>
            <Link to="/new" className="btn btn-primary">
              {t.emptyCta}
            </Link>
          </div>
        )}

        {items.length > 0 && (
          <div className={`whats-on-layout${mapShown && pins.length > 0 ? ' with-map' : ''}`}>
            <div className="stack">
              <ul className="event-list result-list" data-testid="results">
                {items.map((summary) => (
                  <ResultCard key={summary.id} summary={summary} />
                ))}
              </ul>
              {search.hasNextPage && (
                <button
                  type="button"
                  className="btn more-button"
                  data-testid="search-more"
                  disabled={search.isFetchingNextPage}
                  onClick={() => void search.fetchNextPage()}
                >
                  {search.isFetchingNextPage ? t.loadingMore : t.more}
                </button>
              )}
              {search.isFetchNextPageError && (
                <p className="field-error" role="alert">
                  {errorText(search.error, common)}
                </p>
              )}
            </div>
            {/* Pins arrive with the cards' details; without any, there is no map to show. */}
            {pins.length > 0 && (
              <div className="results-map-column stack">
                <button type="button" className="btn btn-ghost btn-small map-toggle" aria-expanded={mapShown} onClick={() => setMapShown((s) => !s)}>
                  <span aria-hidden="true">🗺️</span> {mapShown ? t.mapHide : t.mapShow}
                </button>
                {mapShown && (
                  <ErrorBoundary fallback={() => <p className="muted small">{t.mapFailed}</p>}>
                    <Suspense fallback={<div className="results-map-loading skeleton" role="status" aria-label={t.mapLoading} />}>
                      <ResultsMap pins={pins} label={t.mapTitle} openLabel={t.mapOpen} onOpen={(id) => navigate(`/e/${id}`)} />
                    </Suspense>
                  </ErrorBoundary>
                )}
              </div>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function ResultsSkeleton({ label }: { label: string }) {
  return (
    <div className="event-list" role="status" aria-label={label} data-testid="search-loading">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="skeleton" style={{ height: 112 }} />
      ))}
    </div>
  );
}

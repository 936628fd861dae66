import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import { adminKey, api, ApiError, forgetAdminKey, onAuthFailure, setAdminKey, takeKeyFromFragment } from './api.js';
import { href, useRoute } from './router.js';
import { OverviewPage } from './pages/overview.js';
import { BrowsePageView } from './pages/browse.js';
import { DetailPage } from './pages/detail.js';
import { BatchPage } from './pages/batch.js';
import { RunnerPage, RunPage } from './pages/runner.js';
import { RequestsPageView } from './pages/requests.js';

const NAV: Array<[string, string]> = [
  ['overview', 'Overview'],
  ['browse', 'Browse'],
  ['batch', 'Batch jobs'],
  ['runner', 'Job runner'],
  ['requests', 'Faults & requests'],
];

/** What a refusal of the admin call means, in words a user can act on. */
function refusal(err: ApiError): string {
  if (err.status === 401) {
    return 'The platform refused this admin key. Open the console URL that `tcex platform start` (or `npm start -- --keep`) printed, or paste the key shown there.';
  }
  return `The platform refused the console's request (403: ${err.message}). Open the console at the address the platform printed (http://127.0.0.1:PORT/).`;
}

function KeyPrompt({ message }: { message?: string }) {
  const [value, setValue] = useState('');
  return (
    <div class="login">
      <h1>tcex platform console</h1>
      {message ? (
        <div class="error" role="alert" data-testid="key-error">
          {message}
        </div>
      ) : (
        <p>This console reads the platform's admin interface, which needs the admin key.</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) {
            setAdminKey(value);
            location.reload();
          }
        }}
      >
        <label>
          Admin key
          <input type="password" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} data-testid="key-input" />
        </label>
        <button type="submit">Open the console</button>
      </form>
      <p class="hint">
        `tcex platform start` prints a URL that carries the key (<code>http://127.0.0.1:PORT/#key=…</code>); the key stays in this tab only.
      </p>
    </div>
  );
}

function App() {
  const route = useRoute();
  const [auth, setAuth] = useState<'checking' | 'ok' | 'missing' | string>(adminKey() ? 'checking' : 'missing');
  useEffect(() => onAuthFailure((err) => setAuth(refusal(err))), []);
  useEffect(() => {
    if (auth !== 'checking') return;
    api('/health').then(
      () => setAuth('ok'),
      (err: ApiError) => setAuth(err.status === 401 || err.status === 403 ? refusal(err) : `The platform answered: ${err.message}`),
    );
  }, [auth]);
  if (auth === 'missing') return <KeyPrompt />;
  if (auth === 'checking') return <p class="hint">Connecting…</p>;
  if (auth !== 'ok') return <KeyPrompt message={auth} />;

  let page;
  switch (route.page) {
    case 'browse':
      page = <BrowsePageView route={route} />;
      break;
    case 'item':
      page = <DetailPage route={route} />;
      break;
    case 'batch':
      page = <BatchPage route={route} />;
      break;
    case 'runner':
      page = <RunnerPage />;
      break;
    case 'runs':
      page = <RunPage route={route} />;
      break;
    case 'requests':
      page = <RequestsPageView />;
      break;
    default:
      page = <OverviewPage />;
  }
  const active = route.page === 'item' ? 'browse' : route.page === 'runs' ? 'runner' : route.page;
  return (
    <>
      <nav class="top">
        <span class="brand">tcex platform</span>
        {NAV.map(([id, label]) => (
          <a key={id} href={href(id)} class={active === id ? 'active' : ''}>
            {label}
          </a>
        ))}
        <button
          type="button"
          class="link"
          onClick={() => {
            forgetAdminKey();
            location.reload();
          }}
        >
          Forget key
        </button>
      </nav>
      <main key={location.hash}>{page}</main>
    </>
  );
}

takeKeyFromFragment();
render(<App />, document.getElementById('app') as HTMLElement);

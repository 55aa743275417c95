/**
 * A contract (issue 14): its parties, value, signing deadline, both signatures, milestones (overdue shown), progress
 * and amendments. The akimat of the region and the awarded contractor sign it here over the server's signing payload
 * (NCALayer, or the development signer locally); the supplier may refuse. What each may do comes from the contract
 * lifecycle table, as the API decides it.
 */
import { useState } from 'preact/hooks';
import { contractAllows } from '../../../shared/domain/contract-lifecycle.js';
import { api } from '../api.js';
import { useSession } from '../app-context.js';
import { serverNow } from '../clock.js';
import { ErrorMessage, Facts, Field, Loading, useAction, useLoad } from '../components/ui.js';
import { dateTime, money, parseTengeInput } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { localized, regionName } from '../reference.js';
import { Link } from '../router.js';
import { findSigner } from '../signing.js';
import type { Contract } from '../types.js';

export const ContractPage = ({ id }: { id: string }) => {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const loaded = useLoad(() => api<Contract>(`/contracts/${encodeURIComponent(id)}`), [id]);
  const [reason, setReason] = useState('');
  const base = `/contracts/${encodeURIComponent(id)}`;
  const sign = useAction(async () => {
    const { payload } = await api<{ payload: string }>(`${base}/signing-payload`, { method: 'POST' });
    const signer = await findSigner(session!.bin!);
    loaded.set(await api<Contract>(`${base}/sign`, { body: { signature: await signer.sign(payload) } }));
  });
  const refuse = useAction(async () => loaded.set(await api<Contract>(`${base}/refuse`, { body: { reason } })));
  const [milestone, setMilestone] = useState({ title: '', type: 'works', dueDate: '' });
  const addMilestone = useAction(async (current: Contract) => {
    const items = [
      ...current.milestones.map((m) => ({ title: m.title, type: m.type, dueDate: m.dueDate, ...(m.value !== undefined ? { value: m.value } : {}) })),
      { title: milestone.title, type: milestone.type, dueDate: milestone.dueDate },
    ];
    loaded.set(await api<Contract>(`${base}/milestones`, { method: 'PUT', body: { items } }));
    setMilestone({ title: '', type: 'works', dueDate: '' });
  });
  const [report, setReport] = useState({ progress: '', paid: '', milestoneId: '' });
  const fileReport = useAction(async () => {
    const paid = report.paid ? parseTengeInput(report.paid) : undefined;
    const body = {
      physicalProgress: Number(report.progress),
      ...(paid !== undefined ? { paidAmount: paid } : {}),
      ...(report.milestoneId ? { milestoneId: report.milestoneId } : {}),
    };
    loaded.set(await api<Contract>(`${base}/reports`, { body }));
    setReport({ progress: '', paid: '', milestoneId: '' });
  });
  const complete = useAction(async () => loaded.set(await api<Contract>(`${base}/complete`, { method: 'POST' })));

  if (loaded.loading && !loaded.data) return <Loading />;
  const c = loaded.data;
  if (!c) return <ErrorMessage error={loaded.error} />;
  const party = session?.role === 'akimat' && session.kato === c.kato ? 'buyer' : session?.role === 'contractor' && session.bin === c.supplier.bin ? 'supplier' : undefined;
  const canSign = !!party && !!session?.bin && !c.signatures.some((s) => s.party === party) && contractAllows('sign', c, new Date(serverNow()));
  const now = new Date(serverNow());
  const canRefuse = party === 'supplier' && contractAllows('refuse', c, now);
  const buyer = party === 'buyer';
  return (
    <section aria-labelledby="contract-title">
      <h1 id="contract-title" tabIndex={-1}>
        {t('contract.title')}: {localized(c.title, lang)}
      </h1>
      <p>
        <span class="badge" data-status={c.status} data-testid="contract-status">
          {t(`contract.status.${c.status}` as MessageKey)}
        </span>{' '}
        <Link href={`/competitions/${encodeURIComponent(c.competitionId)}`}>{t('contract.competition')}</Link>
      </p>
      <section aria-labelledby="contract-facts" class="panel">
        <h2 id="contract-facts">{t('competition.facts')}</h2>
        <Facts
          rows={[
            [t('contract.value'), <span data-testid="contract-value">{money(c.value, lang)}</span>],
            [t('contract.buyer'), `${c.buyer.name} (${regionName(c.buyer.kato, lang)})`],
            [t('contract.supplier'), `${c.supplier.name} · ${c.supplier.bin}`],
            [t('contract.signingDeadline'), dateTime(c.signingDeadline, lang)],
            !!c.dateSigned && [t('contract.dateSigned'), dateTime(c.dateSigned, lang)],
            !!c.progress && [t('contract.progress'), t('contract.progressText', { percent: c.progress.physicalProgress, paid: money(c.progress.paidAmount, lang) })],
            !!c.responsible && [t('contract.responsible'), c.responsible.name],
            !!c.refusal && [t('contract.refusal'), `${c.refusal.reason} · ${dateTime(c.refusal.at, lang)}`],
          ]}
        />
      </section>
      <section aria-labelledby="contract-signatures" class="panel">
        <h2 id="contract-signatures">{t('contract.signatures')}</h2>
        {c.signatures.length === 0 ? (
          <p class="empty">{t('contract.unsigned')}</p>
        ) : (
          <ul data-testid="contract-signatures">
            {c.signatures.map((s) => (
              <li key={s.party}>
                {t(`contract.party.${s.party}` as MessageKey)}: {s.signer.commonName} ({s.signer.certificateSerial}) · {dateTime(s.signedAt, lang)}
              </li>
            ))}
          </ul>
        )}
        {canSign && (
          <p>
            <button type="button" class="button" disabled={sign.busy} onClick={() => void sign.run()}>
              {t('contract.sign')}
            </button>
          </p>
        )}
        <ErrorMessage error={sign.error} />
        {canRefuse && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void refuse.run();
            }}
          >
            <Field id="refusal-reason" label={t('contract.refusalReason')}>
              {(describedBy) => (
                <input id="refusal-reason" value={reason} required aria-describedby={describedBy} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} />
              )}
            </Field>
            <button type="submit" class="button button-danger" disabled={refuse.busy}>
              {t('contract.refuse')}
            </button>
            <ErrorMessage error={refuse.error} />
          </form>
        )}
      </section>
      <section aria-labelledby="contract-milestones" class="panel">
        <h2 id="contract-milestones">{t('contract.milestones')}</h2>
        {c.milestones.length === 0 ? (
          <p class="empty">{t('contract.noMilestones')}</p>
        ) : (
          <table data-testid="contract-milestones">
            <thead>
              <tr>
                <th scope="col">{t('contract.milestone')}</th>
                <th scope="col">{t('contract.dueDate')}</th>
                <th scope="col">{t('contract.milestoneStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {c.milestones.map((m) => (
                <tr key={m.id} data-status={m.status}>
                  <td>{m.title}</td>
                  <td>{dateTime(m.dueDate, lang)}</td>
                  <td>{t(`contract.milestone.${m.status}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {buyer && contractAllows('setMilestones', c, now) && (
          <form
            data-testid="milestone-form"
            onSubmit={(event) => {
              event.preventDefault();
              void addMilestone.run(c);
            }}
          >
            <Field id="milestone-title" label={t('contract.milestone')}>
              {(describedBy) => (
                <input id="milestone-title" required value={milestone.title} aria-describedby={describedBy} onInput={(e) => setMilestone({ ...milestone, title: (e.currentTarget as HTMLInputElement).value })} />
              )}
            </Field>
            <Field id="milestone-type" label={t('contract.milestoneType')}>
              {(describedBy) => (
                <select id="milestone-type" value={milestone.type} aria-describedby={describedBy} onChange={(e) => setMilestone({ ...milestone, type: (e.currentTarget as HTMLSelectElement).value })}>
                  {(['design', 'works', 'commissioning', 'payment'] as const).map((type) => (
                    <option key={type} value={type}>
                      {t(`contract.type.${type}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="milestone-due" label={t('contract.dueDate')}>
              {(describedBy) => (
                <input id="milestone-due" type="date" required value={milestone.dueDate} aria-describedby={describedBy} onInput={(e) => setMilestone({ ...milestone, dueDate: (e.currentTarget as HTMLInputElement).value })} />
              )}
            </Field>
            <button type="submit" class="button button-secondary" disabled={addMilestone.busy}>
              {t('contract.addMilestone')}
            </button>
            <ErrorMessage error={addMilestone.error} />
          </form>
        )}
      </section>
      {buyer && contractAllows('report', c, now) && (
        <section aria-labelledby="contract-report" class="panel">
          <h2 id="contract-report">{t('contract.report')}</h2>
          <form
            data-testid="report-form"
            onSubmit={(event) => {
              event.preventDefault();
              void fileReport.run();
            }}
          >
            <Field id="report-progress" label={t('contract.physicalProgress')}>
              {(describedBy) => (
                <input id="report-progress" type="number" min={0} max={100} required value={report.progress} aria-describedby={describedBy} onInput={(e) => setReport({ ...report, progress: (e.currentTarget as HTMLInputElement).value })} />
              )}
            </Field>
            <Field id="report-paid" label={t('contract.paidAmount')}>
              {(describedBy) => (
                <input id="report-paid" inputMode="decimal" value={report.paid} aria-describedby={describedBy} onInput={(e) => setReport({ ...report, paid: (e.currentTarget as HTMLInputElement).value })} />
              )}
            </Field>
            <Field id="report-milestone" label={t('contract.reportMilestone')}>
              {(describedBy) => (
                <select id="report-milestone" value={report.milestoneId} aria-describedby={describedBy} onChange={(e) => setReport({ ...report, milestoneId: (e.currentTarget as HTMLSelectElement).value })}>
                  <option value="">—</option>
                  {c.milestones.filter((m) => m.status !== 'met').map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" class="button button-secondary" disabled={fileReport.busy}>
              {t('contract.fileReport')}
            </button>
            <ErrorMessage error={fileReport.error} />
          </form>
          {contractAllows('complete', c, now) && (
            <p>
              <button type="button" class="button" disabled={complete.busy} onClick={() => void complete.run()}>
                {t('contract.complete')}
              </button>
            </p>
          )}
          <ErrorMessage error={complete.error} />
        </section>
      )}
      {!!c.amendments?.length && (
        <section aria-labelledby="contract-amendments" class="panel">
          <h2 id="contract-amendments">{t('contract.amendments')}</h2>
          <ul>
            {c.amendments.map((a) => (
              <li key={a.id}>
                {dateTime(a.at, lang)}: {a.rationale}
                {a.value ? ` (${money(a.value.before, lang)} → ${money(a.value.after, lang)})` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
};

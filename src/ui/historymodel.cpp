#include "historymodel.h"

#include "core/labels.h"
#include "store/store.h"
#include "ui/joblistmodel.h"

#include <QFileInfo>
#include <QSaveFile>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
constexpr int KindsSeedRows = 1000;
} // namespace

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_batch([this] { flush(); })
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &HistoryModel::tick);
}

void HistoryModel::setStore(Store *store, StoreReader *reader)
{
    if (m_store) {
        disconnect(m_store, nullptr, this, nullptr);
    }
    m_store = store;
    m_reader = reader;
    m_kinds.clear();
    if (m_store) {
        connect(m_store, &Store::committed, this,
            [this](const Changes &changes) { m_batch.collect(changes); });
    }
    if (m_reader) {
        // The kind filter's choices, from the newest jobs (later ones are noted as they come).
        m_reader->read<QList<Job>>(
            m_kindSeed,
            [](const Store &store) {
                JobQuery newest;
                newest.limit = KindsSeedRows;
                return store.jobs(newest).jobs;
            },
            this, [this](const QList<Job> &jobs) { noteKinds(jobs); });
    }
    reload();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    return JobListModel::roleData(m_jobs.at(index.row()), role, QDateTime::currentDateTimeUtc());
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return JobListModel::jobRoleNames();
}

void HistoryModel::setStatus(const QString &status)
{
    const auto parsed = jobStatusFromName(status);
    const QString normalized = parsed ? status : QString();
    if (normalized == m_status) {
        return;
    }
    m_status = normalized;
    m_query.status = parsed;
    filterEdited();
}

void HistoryModel::setKind(const QString &kind)
{
    if (kind == m_query.kind) {
        return;
    }
    m_query.kind = kind;
    filterEdited();
}

bool HistoryModel::mayMatch(const Job &job) const
{
    const JobQuery &q = m_query;
    if ((q.status && job.status != *q.status) || (!q.kind.isEmpty() && job.kind != q.kind)
        || (q.createdFrom.isValid() && job.createdAt < q.createdFrom)
        || (q.createdBefore.isValid() && job.createdAt >= q.createdBefore)) {
        return false;
    }
    if (!hasLabels(job, q.labels)) {
        return false;
    }
    // The banner's count only: a new job found by its log lines alone is not counted, the
    // reload it offers finds it all the same.
    const QString &text = q.search;
    if (text.isEmpty()) {
        return true;
    }
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    return std::all_of(words.cbegin(), words.cend(), [&job](const QString &word) {
        return job.key.contains(word, Qt::CaseInsensitive)
            || job.title.contains(word, Qt::CaseInsensitive)
            || job.kind.contains(word, Qt::CaseInsensitive)
            || job.error.contains(word, Qt::CaseInsensitive);
    });
}

void HistoryModel::setSearch(const QString &search)
{
    const QString trimmed = search.trimmed();
    if (trimmed == m_search) {
        return;
    }
    m_search = trimmed;
    SearchTerms terms = SearchTerms::parse(trimmed);
    m_query.search = terms.words;
    m_query.labels = terms.labels;
    filterEdited();
}

void HistoryModel::setFromDate(const QDate &date)
{
    if (date == m_fromDate || (!date.isValid() && !m_fromDate.isValid())) {
        return;
    }
    m_fromDate = date;
    m_query.createdFrom = date.isValid() ? date.startOfDay().toUTC() : QDateTime();
    filterEdited();
}

void HistoryModel::setToDate(const QDate &date)
{
    if (date == m_toDate || (!date.isValid() && !m_toDate.isValid())) {
        return;
    }
    m_toDate = date;
    // The whole last day: up to the start of the next one.
    m_query.createdBefore = date.isValid() ? date.addDays(1).startOfDay().toUTC() : QDateTime();
    filterEdited();
}

QStringList HistoryModel::kinds() const
{
    QStringList list(m_kinds.cbegin(), m_kinds.cend());
    list.sort(Qt::CaseInsensitive);
    return list;
}

QDate HistoryModel::parseDate(const QString &text)
{
    return QDate::fromString(text.trimmed(), Qt::ISODate);
}

QString HistoryModel::dayBefore(int daysBack)
{
    return QDate::currentDate().addDays(-daysBack).toString(Qt::ISODate);
}

void HistoryModel::filterEdited()
{
    Q_EMIT filterChanged();
    reload();
}

struct HistoryModel::FirstPage
{
    qint64 newestRowId = 0;
    JobPage page;
    qint64 total = 0;
};

void HistoryModel::reload()
{
    if (!m_reader) {
        showFirstPage({});
        return;
    }
    setLoading(true);
    m_loadingMore = false; // this read replaces a "Load more" in flight
    m_reader->read<FirstPage>(
        m_pages,
        [query = pageQuery(0)](const Store &store) {
            FirstPage first;
            // Whatever is newer than the newest job now arrived after this first page was read.
            JobQuery newest;
            newest.limit = 1;
            const QList<Job> top = store.jobs(newest).jobs;
            first.newestRowId = top.isEmpty() ? 0 : top.constFirst().rowId;
            first.page = store.jobs(query);
            first.total = first.page.next == 0 ? first.page.jobs.size() : store.countJobs(query);
            return first;
        },
        this, [this](const FirstPage &first) { showFirstPage(first); });
}

void HistoryModel::showFirstPage(const FirstPage &first)
{
    // Commits collected meanwhile stay collected: the next flush applies them over these rows.
    beginResetModel();
    m_jobs = first.page.jobs;
    m_next = first.page.next;
    m_total = first.total;
    m_newestRowId = first.newestRowId;
    m_rowOf.clear();
    for (int row = 0; row < count(); ++row) {
        m_rowOf.insert(m_jobs.at(row).key, row);
    }
    endResetModel();
    const bool hadNew = !m_newKeys.isEmpty();
    m_newKeys.clear();
    setLoading(false);
    Q_EMIT countChanged();
    if (hadNew) {
        Q_EMIT newCountChanged();
    }
    const bool anyRunning = std::any_of(m_jobs.cbegin(), m_jobs.cend(),
        [](const Job &job) { return job.status == JobStatus::Running; });
    anyRunning ? m_ticker.start() : m_ticker.stop();
}

void HistoryModel::setLoading(bool loading)
{
    if (loading != m_loading) {
        m_loading = loading;
        Q_EMIT loadingChanged();
    }
}

JobQuery HistoryModel::pageQuery(qint64 before) const
{
    JobQuery query = m_query;
    query.before = before; // a keyset: jobs created meanwhile never shift the pages
    query.limit = m_pageSize;
    return query;
}

void HistoryModel::loadMore()
{
    // While a first page is on its way, the rows and their cursor are about to be replaced.
    if (!m_reader || m_next == 0 || m_loading || m_loadingMore) {
        return;
    }
    m_loadingMore = true;
    m_reader->read<JobPage>(
        m_pages, [query = pageQuery(m_next)](const Store &store) { return store.jobs(query); },
        this,
        [this](const JobPage &page) {
            m_loadingMore = false;
            appendPage(page);
        });
}

void HistoryModel::appendPage(const JobPage &page)
{
    flush(); // rows shown are current before more are appended
    m_next = page.next;
    QList<Job> fresh;
    for (const Job &job : page.jobs) {
        if (!m_rowOf.contains(job.key)) { // cannot happen with a keyset; cheap to be sure
            fresh.append(job);
        }
    }
    if (!fresh.isEmpty()) {
        const int first = count();
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (const Job &job : std::as_const(fresh)) {
            m_rowOf.insert(job.key, int(m_jobs.size()));
            m_jobs.append(job);
        }
        endInsertRows();
        if (!m_ticker.isActive() && std::any_of(fresh.cbegin(), fresh.cend(), [](const Job &job) {
                return job.status == JobStatus::Running;
            })) {
            m_ticker.start();
        }
    }
    Q_EMIT countChanged(); // canLoadMore may have changed without new rows
}

QString HistoryModel::keyAt(int row) const
{
    return (row >= 0 && row < count()) ? m_jobs.at(row).key : QString();
}

void HistoryModel::flush()
{
    const QHash<QString, Job> pending = m_batch.take();
    if (pending.isEmpty()) {
        return;
    }
    const int newBefore = newCount();
    QList<Job> seen;
    for (const Job &job : pending) {
        seen.append(job);
        const auto row = m_rowOf.constFind(job.key);
        if (row != m_rowOf.cend()) {
            // Shown: updated in place, even if it no longer matches (rows do not vanish).
            const QList<int> roles = JobListModel::changedRoles(m_jobs.at(*row), job);
            m_jobs[*row] = job;
            if (!roles.isEmpty()) {
                Q_EMIT dataChanged(index(*row), index(*row), roles);
            }
            continue;
        }
        const bool matches = mayMatch(job);
        if (job.rowId > m_newestRowId && matches) {
            m_newKeys.insert(job.key);
        }
        // Older jobs not shown lie beyond the cursor (a later page reads them as they are
        // then) or did not match when their page was read.
    }
    noteKinds(seen);
    if (m_jobs.isEmpty() && !m_newKeys.isEmpty()) {
        if (!m_loading) { // a first page on its way will show them
            reload(); // nothing shown that could shift: show the first jobs at once
        }
        return;
    }
    if (newCount() != newBefore) {
        Q_EMIT newCountChanged();
    }
    if (!m_ticker.isActive() && std::any_of(m_jobs.cbegin(), m_jobs.cend(), [](const Job &job) {
            return job.status == JobStatus::Running;
        })) {
        m_ticker.start();
    }
}

void HistoryModel::noteKinds(const QList<Job> &jobs)
{
    const qsizetype before = m_kinds.size();
    for (const Job &job : jobs) {
        if (!job.kind.isEmpty()) {
            m_kinds.insert(job.kind);
        }
    }
    if (m_kinds.size() != before) {
        Q_EMIT kindsChanged();
    }
}

void HistoryModel::tick()
{
    // Running rows' elapsed time moves on.
    if (!JobListModel::signalElapsed(*this, count(),
            [this](int row) { return m_jobs.at(row).status == JobStatus::Running; })) {
        m_ticker.stop();
    }
}

QString HistoryModel::exportTo(const QUrl &file, const QString &format)
{
    const auto fail = [this](const QString &why) {
        Q_EMIT exportFailed(why);
        return why;
    };
    if (!m_reader) {
        return fail(tr("There is no history to export."));
    }
    if (format != u"csv" && format != u"json") {
        return fail(tr("Unknown export format: %1").arg(format));
    }
    struct Outcome
    {
        qint64 written = -1;
        QString error;
    };
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const ExportFormat as = format == u"csv" ? ExportFormat::Csv : ExportFormat::Json;
    m_exporting = true;
    Q_EMIT exportingChanged();
    m_reader->read<Outcome>(
        m_export,
        [path, as, query = m_query](const Store &store) {
            QSaveFile out(path); // all or nothing: a failed export leaves no half-written file
            if (!out.open(QIODevice::WriteOnly)) {
                return Outcome { -1, tr("Cannot write %1: %2").arg(path, out.errorString()) };
            }
            const qint64 written = exportJobs(store, query, as, &out);
            if (written < 0 || !out.commit()) {
                return Outcome { -1, tr("Cannot write %1: %2").arg(path, out.errorString()) };
            }
            return Outcome { written, {} };
        },
        this,
        [this, path](const Outcome &outcome) {
            m_exporting = false;
            Q_EMIT exportingChanged();
            if (outcome.written < 0) {
                Q_EMIT exportFailed(outcome.error);
            } else {
                Q_EMIT exported(QFileInfo(path).fileName(), int(outcome.written));
            }
        });
    return {};
}

} // namespace jobpulse

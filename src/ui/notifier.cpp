#include "notifier.h"

#include "core/labels.h"
#include "store/store.h"
#include "ui/format.h"
#include "ui/logging.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QPointer>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

const QString Service = u"org.freedesktop.Notifications"_s;
const QString Path = u"/org/freedesktop/Notifications"_s;
const QString Interface = u"org.freedesktop.Notifications"_s;
constexpr int MaxNamesInBody = 5;

QString titleOf(const Job &job)
{
    return job.title.isEmpty() ? job.key : job.title;
}

QString firstLine(const QString &text)
{
    return text.section(u'\n', 0, 0).trimmed();
}

} // namespace

Notifier::Notifier(QObject *parent)
    : QObject(parent)
{
    m_burst.setSingleShot(true);
    m_burst.setInterval(BurstMs);
    connect(&m_burst, &QTimer::timeout, this, &Notifier::flush);
    m_pauseEnd.setSingleShot(true);
    connect(&m_pauseEnd, &QTimer::timeout, this, &Notifier::resume);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        bus.connect(
            {}, Path, Interface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint, QString)));
    }
}

void Notifier::setStore(Store *store)
{
    m_finishes = FinishTracker();
    m_lastResult.clear();
    if (!store) {
        return;
    }
    m_finishes.load(*store);
    // Each kind's newest finished job decides whether its next success is a fix.
    JobQuery query;
    query.limit = 1000;
    for (const Job &job : store->jobs(query).jobs) { // newest first
        if (!job.kind.isEmpty() && !m_lastResult.contains(job.kind)
            && (job.status == JobStatus::Succeeded || job.status == JobStatus::Failed)) {
            m_lastResult.insert(job.kind, job.status);
        }
    }
    connect(store, &Store::committed, this, &Notifier::follow);
}

bool Notifier::paused() const
{
    return m_pausedForever
        || (m_pausedUntil.isValid() && QDateTime::currentDateTimeUtc() < m_pausedUntil);
}

void Notifier::pauseForMs(qint64 ms)
{
    m_pausedForever = false;
    m_pausedUntil = QDateTime::currentDateTimeUtc().addMSecs(ms);
    m_pauseEnd.start(int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
    m_pending.clear(); // what was collected before the pause is not sent after it
    m_burst.stop();
    Q_EMIT pausedChanged();
}

void Notifier::pauseUntilResumed()
{
    m_pausedForever = true;
    m_pausedUntil = {};
    m_pauseEnd.stop();
    m_pending.clear();
    m_burst.stop();
    Q_EMIT pausedChanged();
}

void Notifier::resume()
{
    const bool was = m_pausedForever || m_pausedUntil.isValid();
    m_pausedForever = false;
    m_pausedUntil = {};
    m_pauseEnd.stop();
    if (was) {
        Q_EMIT pausedChanged();
    }
}

QStringList Notifier::mutedKinds() const
{
    QStringList list(m_mutedKinds.cbegin(), m_mutedKinds.cend());
    list.sort();
    return list;
}

QStringList Notifier::mutedSources() const
{
    QStringList list(m_mutedSources.cbegin(), m_mutedSources.cend());
    list.sort();
    return list;
}

void Notifier::setKindMuted(const QString &kind, bool muted)
{
    if (kind.isEmpty() || m_mutedKinds.contains(kind) == muted) {
        return;
    }
    muted ? void(m_mutedKinds.insert(kind)) : void(m_mutedKinds.remove(kind));
    Q_EMIT rulesChanged();
}

void Notifier::setSourceMuted(const QString &source, bool muted)
{
    if (source.isEmpty() || m_mutedSources.contains(source) == muted) {
        return;
    }
    muted ? void(m_mutedSources.insert(source)) : void(m_mutedSources.remove(source));
    Q_EMIT rulesChanged();
}

QStringList Notifier::mutedLabels() const
{
    QStringList list(m_mutedLabels.cbegin(), m_mutedLabels.cend());
    list.sort();
    return list;
}

bool Notifier::setLabelMuted(const QString &rule, bool muted)
{
    const auto label = parseLabelFilter(rule);
    if (!label) {
        return false;
    }
    const QString normal = label->first + u'=' + label->second;
    if (m_mutedLabels.contains(normal) != muted) {
        muted ? void(m_mutedLabels.insert(normal)) : void(m_mutedLabels.remove(normal));
        Q_EMIT rulesChanged();
    }
    return true;
}

void Notifier::setWindowActive(bool active)
{
    if (active == m_windowActive) {
        return;
    }
    m_windowActive = active;
    Q_EMIT windowActiveChanged();
    if (active && m_unseenFailures > 0) {
        m_unseenFailures = 0; // the list and the toasts show them now
        Q_EMIT trayChanged();
    }
}

QString Notifier::aggregateState(int running, int unseenFailures)
{
    return unseenFailures > 0 ? u"failing"_s : running > 0 ? u"running"_s : u"idle"_s;
}

void Notifier::setRunningCount(int running)
{
    if (running == m_running) {
        return;
    }
    const QString before = trayState();
    m_running = running;
    if (trayState() != before) {
        Q_EMIT trayChanged();
    }
}

bool Notifier::muted(const Job &job) const
{
    if (!job.kind.isEmpty() && m_mutedKinds.contains(job.kind)) {
        return true;
    }
    if (!job.source.isEmpty() && m_mutedSources.contains(job.source)) {
        return true;
    }
    for (auto it = job.labels.begin(); it != job.labels.end(); ++it) {
        if (isLabelMuted(it.key(), it.value())) {
            return true;
        }
    }
    return false;
}

void Notifier::followStalls(const Changes &changes)
{
    for (const StoredEvent &stored : changes.events) {
        if (stored.event.type != EventType::JobStalled) {
            continue;
        }
        // The job as this commit left it: stalled still (not recovered in the same commit).
        for (qsizetype i = changes.jobs.size() - 1; i >= 0; --i) {
            const Job &job = changes.jobs.at(i);
            if (job.key == stored.event.job) {
                if (job.status == JobStatus::Stalled && !m_windowActive && !muted(job)) {
                    m_stalledAt.insert(job.key, stored.event.time);
                    collect(Transition::Stalled, job);
                }
                break;
            }
        }
    }
}

void Notifier::follow(const Changes &changes)
{
    followStalls(changes);
    for (const Job &job : m_finishes.finished(changes)) {
        const bool failed = job.status == JobStatus::Failed;
        const bool succeeded = job.status == JobStatus::Succeeded;
        if (!failed && !succeeded) {
            continue; // canceled: the user did it, or knows
        }
        const bool fixed = succeeded && !job.kind.isEmpty()
            && m_lastResult.value(job.kind, JobStatus::Succeeded) == JobStatus::Failed;
        if (!job.kind.isEmpty()) {
            m_lastResult.insert(job.kind, job.status);
        }
        const bool mute = muted(job);
        if (failed && !mute && !m_windowActive) {
            ++m_unseenFailures;
            Q_EMIT trayChanged();
        }
        std::optional<Transition> transition;
        if (failed) {
            transition = Transition::Failed;
        } else if (fixed) {
            transition = Transition::Fixed;
        } else if (job.elapsedSeconds(job.finishedAt) > LongJobSeconds) {
            transition = Transition::Finished;
        }
        // One event, one pop-up: on the desktop while the window is not in front, else (or
        // when the desktop is not told: paused, muted, a short success) a toast in it.
        if (transition && !m_windowActive && !mute && !paused()) {
            collect(*transition, job);
        } else {
            Q_EMIT showInWindow(job);
        }
    }
}

void Notifier::collect(Transition transition, const Job &job)
{
    if (paused()) {
        return;
    }
    m_pending.append({ transition, job });
    if (!m_burst.isActive()) {
        m_burst.start();
    }
}

void Notifier::flush()
{
    m_burst.stop();
    const QList<Pending> pending = std::exchange(m_pending, {});
    for (const Transition transition :
        { Transition::Failed, Transition::Fixed, Transition::Finished, Transition::Stalled }) {
        // One notification per kind and source: unrelated jobs never share one, so each
        // keeps its error. A kind's fix once, and only if it did not fail again meanwhile.
        QList<QString> order;
        QHash<QString, QList<Job>> groups;
        for (const Pending &p : pending) {
            if (p.transition != transition) {
                continue;
            }
            const bool fix = transition == Transition::Fixed;
            if (fix && m_lastResult.value(p.job.kind) != JobStatus::Succeeded) {
                continue;
            }
            // A stall is its own: each is told once, with its own silence.
            const QString group = fix               ? p.job.kind
                : transition == Transition::Stalled ? p.job.key
                                                    : p.job.kind + u'\x1f' + p.job.source;
            if (!groups.contains(group)) {
                order.append(group);
            }
            QList<Job> &jobs = groups[group];
            if (fix) {
                jobs = { p.job }; // the newest success of the recovery
            } else {
                jobs.append(p.job);
            }
        }
        for (const QString &group : std::as_const(order)) {
            send(transition, groups.value(group));
        }
    }
}

void Notifier::send(Transition transition, const QList<Job> &jobs)
{
    const Job &job = jobs.constLast();
    const int n = int(jobs.size());
    QString summary;
    QString body;
    if (n == 1) {
        switch (transition) {
        case Transition::Failed:
            summary = tr("Failed: %1").arg(titleOf(job));
            body = firstLine(job.error);
            break;
        case Transition::Fixed:
            summary = tr("Fixed: %1").arg(titleOf(job));
            body = tr("%1 succeeded again after a failure.").arg(job.kind);
            break;
        case Transition::Finished:
            summary = tr("Finished: %1").arg(titleOf(job));
            body =
                tr("Succeeded after %n second(s).", "", qRound(job.elapsedSeconds(job.finishedAt)));
            break;
        case Transition::Stalled: {
            // The silence from the last event to when the store's sweep noticed it.
            const QDateTime noticed = m_stalledAt.take(job.key);
            summary = tr("No news from %1 for %2")
                          .arg(titleOf(job),
                              Format::span(double(job.updatedAt.secsTo(
                                  noticed.isValid() ? noticed : QDateTime::currentDateTimeUtc()))));
            body = tr("It is still running as far as Jobpulse knows; its last event was at %1.")
                       .arg(Format::clockTime(job.updatedAt));
            break;
        }
        }
    } else {
        // A group shares its kind (or, without one, its source): it names the group, and
        // lists each job, a failure with its error, newest first.
        const QString group = job.kind.isEmpty() ? job.source : job.kind;
        const bool failed = transition == Transition::Failed;
        summary = failed ? tr("%n job(s) failed", "", n) : tr("%n long job(s) finished", "", n);
        if (!group.isEmpty()) {
            summary = tr("%1: %2", "a group of notifications: its kind or source, what happened")
                          .arg(group, summary);
        }
        QStringList lines;
        for (qsizetype i = jobs.size() - 1; i >= 0 && lines.size() < MaxNamesInBody; --i) {
            const Job &one = jobs.at(i);
            const QString error = firstLine(one.error);
            lines << (failed && !error.isEmpty() ? u"%1: %2"_s.arg(titleOf(one), error)
                                                 : titleOf(one));
        }
        body = lines.join(failed ? u"\n"_s : u", "_s);
        if (n > MaxNamesInBody) {
            body += (failed ? u'\n' : u' ') + tr("and %n more", "", n - MaxNamesInBody);
        }
    }

    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        qCDebug(lcNotify) << "no session bus: not sent:" << summary;
        return;
    }
    // Clicking opens the newest failure of a group, else the newest job.
    QString openKey = job.key;
    QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, u"Notify"_s);
    const uchar urgency = transition == Transition::Failed ? 2 : 1; // critical, normal
    const QString category = transition == Transition::Failed ? u"transfer.error"_s
        : transition == Transition::Stalled                   ? u"transfer"_s
                                                              : u"transfer.complete"_s;
    const QVariantMap hints {
        { u"urgency"_s, QVariant::fromValue(urgency) },
        { u"desktop-entry"_s, u"org.jobpulse.Jobpulse"_s },
        { u"category"_s, category },
    };
    call << u"Jobpulse"_s << uint(0) << u"org.jobpulse.Jobpulse"_s << summary << body
         << QStringList { u"default"_s, tr("Open") } << hints << int(-1);
    // Asynchronous: a blocking call would stall the UI while a notification daemon starts.
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, openKey](QDBusPendingCallWatcher *w) {
            const QDBusPendingReply<uint> reply = *w;
            if (reply.isError()) {
                qCInfo(lcNotify) << "desktop notification failed:" << reply.error().message();
            } else {
                m_openKeys.insert(reply.value(), openKey);
                m_openOrder.append(reply.value());
                if (m_openOrder.size() > 200) { // old ones are long gone from the screen
                    m_openKeys.remove(m_openOrder.takeFirst());
                }
            }
            w->deleteLater();
        });
}

void Notifier::onActionInvoked(uint id, const QString &action)
{
    const auto it = m_openKeys.constFind(id);
    if (it != m_openKeys.cend() && action == u"default") {
        Q_EMIT openRequested(*it);
    }
}

} // namespace jobpulse

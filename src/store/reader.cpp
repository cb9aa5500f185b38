#include "reader.h"

#include "store.h"

#include <QMutexLocker>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

/** The reader thread's side: the read-only store, created, used and closed on that thread. */
class ReaderWorker : public QObject
{
public:
    Store store;
};

StoreReader::StoreReader(QObject *parent)
    : QObject(parent)
{ }

StoreReader::~StoreReader()
{
    close();
}

bool StoreReader::open(const QString &path, QString *error)
{
    close();
    auto *thread = new QThread;
    thread->setObjectName(u"jobpulse-reader"_s);
    auto *worker = new ReaderWorker;
    worker->moveToThread(thread);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    thread->start();
    bool opened = false;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            opened = worker->store.openReadOnly(path, error);
            if (opened) {
                worker->store.setReadCancel(&m_cancelRunning);
            }
        },
        Qt::BlockingQueuedConnection);
    if (!opened) {
        thread->quit();
        thread->wait();
        delete thread;
        return false;
    }
    connect(&worker->store, &Store::readFailed, this, &StoreReader::readFailed);
    m_thread = thread;
    m_worker = worker;
    return true;
}

void StoreReader::close()
{
    if (!m_thread) {
        return;
    }
    // The store closes on its own thread, after the read that runs; the cancel flag it checks
    // is this object's and outlives it.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->store.close(); }, Qt::QueuedConnection);
    m_thread->quit(); // after the read that runs; the queued ones are dropped with the worker
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr; // deleted by the finished thread's deleteLater
}

void StoreReader::post(Channel &channel, Task task, QObject *context)
{
    if (!m_thread) {
        return;
    }
    const quint64 mine = ++*channel.m_generation;
    {
        // The channel's older read, if it is the one running, stops now.
        QMutexLocker lock(&m_running);
        if (m_runningChannel == channel.m_generation.get()) {
            m_cancelRunning = true;
            m_worker->store.interruptRead();
        }
    }
    QMetaObject::invokeMethod(
        m_worker,
        [this, generation = channel.m_generation, mine, task = std::move(task),
            context = QPointer<QObject>(context)] { run(generation, mine, task, context); },
        Qt::QueuedConnection);
}

void StoreReader::run(const std::shared_ptr<std::atomic<quint64>> &generation, quint64 mine,
    const Task &task, const QPointer<QObject> &context)
{
    if (*generation != mine) {
        return; // a newer read of the channel came before this one started
    }
    {
        // From here a newer read of the channel cancels this one (post() sets the flag), and
        // one that came before is seen below: nothing slips between.
        QMutexLocker lock(&m_running);
        m_runningChannel = generation.get();
        m_cancelRunning = false;
    }
    if (*generation != mine) {
        const QMutexLocker lock(&m_running);
        m_runningChannel = nullptr;
        return;
    }
    ++m_started;
    std::function<void()> deliver = task(m_worker->store);
    {
        QMutexLocker lock(&m_running);
        m_runningChannel = nullptr;
    }
    if (*generation != mine) {
        return;
    }
    // Back on the requester's thread (this object's): the context is checked there, where it
    // lives, and the channel once more, for a read made while the result was on its way.
    QMetaObject::invokeMethod(
        this,
        [generation, mine, context, deliver = std::move(deliver)] {
            if (context && *generation == mine) {
                deliver();
            }
        },
        Qt::QueuedConnection);
}

} // namespace jobpulse

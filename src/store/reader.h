#pragma once

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace jobpulse {

class Store;
class ReaderWorker;

/**
 * @brief Reads that may take long (history search, counts, export, trends) on a thread of
 * their own, on that thread's read-only connection, so the GUI thread never waits for SQLite.
 *
 * Results arrive on the requester's thread by a queued call. Reads of one Channel replace
 * each other: a newer read() on a channel drops the older one if it has not started, stops it
 * if it runs (SQLite's progress handler sees the cancel flag; PostgreSQL's server gets a cancel
 * request, Store::interruptRead), and never delivers its result.
 * Channels are independent: the history's search does not cancel the trend strip's read.
 *
 * Reads see every commit made before they start (WAL: readers never wait for the writer).
 */
class StoreReader : public QObject
{
    Q_OBJECT
public:
    /** A kind of read whose newer request makes the older pointless (one per model, or per
     *  model and purpose). */
    class Channel
    {
    public:
        /** Drops the read in flight, if any: its result will not be delivered. */
        void cancel() { ++*m_generation; }

    private:
        friend class StoreReader;
        std::shared_ptr<std::atomic<quint64>> m_generation =
            std::make_shared<std::atomic<quint64>>(0);
    };

    explicit StoreReader(QObject *parent = nullptr);
    ~StoreReader() override;

    /** Starts the thread and opens @p path read-only on it. */
    bool open(const QString &path, QString *error);
    /** Stops the thread after the read that runs; queued reads are dropped. */
    void close();
    bool isOpen() const { return m_thread != nullptr; }

    /**
     * Runs @p work on the reader's thread with its store, then @p done with the result on
     * @p context's thread (which must be this reader's), unless a newer read on @p channel was
     * made meanwhile or @p context is gone. Without an open reader, nothing runs.
     */
    template<typename T>
    void read(Channel &channel, std::function<T(const Store &)> work, QObject *context,
        std::function<void(T)> done)
    {
        post(
            channel,
            [work = std::move(work), done = std::move(done)](
                const Store &store) -> std::function<void()> {
                return [result = work(store), done]() mutable { done(std::move(result)); };
            },
            context);
    }

    /** How many reads started to run (the others were superseded before they could). */
    quint64 started() const { return m_started; }

Q_SIGNALS:
    /** A read (@p what) failed with @p error (not an interrupted one). */
    void readFailed(const QString &what, const QString &error);

private:
    using Task = std::function<std::function<void()>(const Store &)>;
    void post(Channel &channel, Task task, QObject *context);
    /** On the reader's thread: runs @p task unless superseded, hands its result back. */
    void run(const std::shared_ptr<std::atomic<quint64>> &generation, quint64 mine,
        const Task &task, const QPointer<QObject> &context);

    QThread *m_thread = nullptr;
    ReaderWorker *m_worker = nullptr; // lives on m_thread, owns the read-only Store
    std::atomic<quint64> m_started = 0;

    // The channel of the read now running, to stop it when that channel moves on: a read()
    // on it is always newer than the running one (guarded by m_running).
    QMutex m_running;
    const std::atomic<quint64> *m_runningChannel = nullptr;
    std::atomic<bool> m_cancelRunning = false; // the running read's channel moved on
};

} // namespace jobpulse

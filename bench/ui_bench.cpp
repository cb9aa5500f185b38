// The dashboard under load, in the real QML scene (Main.qml through the app's own setup),
// offscreen. Prints figures; see README.md here.
//
//  live:    N jobs (default 1,000) each updated R times a second (default 10) for S seconds
//           (default 30), through Store::submit; the scene is kept rendering continuously
//           (window->update() after every frame) so that frame-to-frame intervals measure what
//           one frame costs, GUI-thread model work included.
//  history: H jobs (default 100,000) seeded through Store::submit in big batches; the history
//           model's first page and each further page, alone and in the scene.
//  search:  L log lines (default 1,000,000) over 1,000 jobs; the history's search for a rare
//           word (request to rows, through the reader thread), and the scene's frame intervals
//           while a search for a word in every line runs.
//  log:     one job with L log lines (default 1,000,000) in chunks of 1,000; the detail: from
//           selecting the job to the frame that shows its last line (median of 3), the frame
//           intervals while the job gets 1,000 lines a second (10-line chunks every 10 ms) and
//           the view follows, and the log search for a rare word (request to results).
#include "store/reader.h"
#include "store/store.h"
#include "ui/dashboard.h"
#include "ui/gui.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>
#include <algorithm>
#include <cstdio>
#include <mutex>
#include <pthread.h>
#include <time.h>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto at = static_cast<qsizetype>(p / 100.0 * double(values.size() - 1) + 0.5);
    return values.at(std::clamp<qsizetype>(at, 0, values.size() - 1));
}

void spin(const std::function<bool()> &done, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
}

/** Submits @p events and waits for their commit. */
bool commit(Store &store, QList<Event> events)
{
    bool done = false;
    bool ok = false;
    store.submit(std::move(events), &store, [&](const IngestResult &r) {
        ok = r.status == IngestResult::Status::Committed;
        done = true;
    });
    spin([&done] { return done; });
    return ok;
}

/** CPU time the GUI thread (the one that made the clock) has used, in ns: unlike wall time,
 *  not stretched by other processes on a shared machine. */
class ThreadCpu
{
public:
    ThreadCpu() { pthread_getcpuclockid(pthread_self(), &m_clock); }
    qint64 ns() const
    {
        timespec t {};
        clock_gettime(m_clock, &t);
        return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
    }

private:
    clockid_t m_clock {};
};

/** Frame timestamps of a window, from whatever thread renders it; and the GUI thread's CPU
 *  time from frame to frame. */
class FrameClock
{
public:
    explicit FrameClock(QQuickWindow *window)
        : m_window(window)
    {
        m_clock.start();
        QObject::connect(
            window, &QQuickWindow::afterAnimating, window,
            [this] {
                const std::scoped_lock lock(m_mutex);
                m_began = m_clock.nsecsElapsed();
            },
            Qt::DirectConnection);
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [this] {
                const qint64 now = m_clock.nsecsElapsed();
                const qint64 cpu = m_guiCpu.ns();
                const std::scoped_lock lock(m_mutex);
                if (m_recording) {
                    if (m_last > 0) {
                        m_intervals.append((now - m_last) / 1e6);
                        m_cpu.append((cpu - m_lastCpu) / 1e6);
                    }
                    if (m_began > 0) {
                        m_work.append((now - m_began) / 1e6);
                    }
                }
                m_last = now;
                m_lastCpu = cpu;
                ++m_frames;
                if (m_continuous) {
                    QMetaObject::invokeMethod(m_window, "update", Qt::QueuedConnection);
                }
            },
            Qt::DirectConnection);
    }
    void record(bool on, bool continuous)
    {
        const std::scoped_lock lock(m_mutex);
        m_recording = on;
        m_continuous = continuous;
        m_last = 0;
        m_began = 0;
        if (continuous) {
            QMetaObject::invokeMethod(m_window, "update", Qt::QueuedConnection);
        }
    }
    qint64 frames()
    {
        const std::scoped_lock lock(m_mutex);
        return m_frames;
    }
    /** Waits for the next frame after now; @return ms waited. */
    double nextFrame(const QElapsedTimer &since)
    {
        const qint64 before = frames();
        m_window->update();
        spin([&] { return frames() > before; }, 10000);
        return since.nsecsElapsed() / 1e6;
    }
    void clear()
    {
        const std::scoped_lock lock(m_mutex);
        m_intervals.clear();
        m_work.clear();
        m_cpu.clear();
    }
    /** The GUI thread's CPU time (ms) in each frame interval. */
    QList<double> cpu()
    {
        const std::scoped_lock lock(m_mutex);
        return m_cpu;
    }
    QList<double> intervals()
    {
        const std::scoped_lock lock(m_mutex);
        return m_intervals;
    }
    QList<double> work()
    {
        const std::scoped_lock lock(m_mutex);
        return m_work;
    }

private:
    QQuickWindow *m_window;
    QElapsedTimer m_clock;
    ThreadCpu m_guiCpu;
    std::mutex m_mutex;
    qint64 m_lastCpu = 0;
    QList<double> m_cpu;
    qint64 m_last = 0;
    qint64 m_began = 0;
    qint64 m_frames = 0;
    bool m_recording = false;
    bool m_continuous = false;
    QList<double> m_intervals;
    QList<double> m_work;
};

struct Scene
{
    std::unique_ptr<Dashboard> dashboard;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow *window = nullptr;

    explicit Scene(Store *store)
        : dashboard(std::make_unique<Dashboard>(store))
    {
        Dashboard::setInstance(dashboard.get());
        engine = std::make_unique<QQmlApplicationEngine>();
        window = loadMainWindow(*engine, { 1280, 800 });
    }
    ~Scene()
    {
        engine.reset();
        Dashboard::setInstance(nullptr);
    }
};

QString graphicsApiName(QQuickWindow *window)
{
    switch (window->rendererInterface()->graphicsApi()) {
    case QSGRendererInterface::Software:
        return u"software"_s;
    case QSGRendererInterface::OpenGL:
        return u"opengl"_s;
    default:
        return QString::number(int(window->rendererInterface()->graphicsApi()));
    }
}

Event makeEvent(const QString &job, EventType type, const QDateTime &time)
{
    Event e;
    e.job = job;
    e.type = type;
    e.time = time;
    return e;
}

int live(const QString &dir, int jobs, int rate, int seconds, const QString &order)
{
    Store store;
    QString error;
    if (!store.open(dir + u"/live.db"_s, Durability::Normal, &error)) {
        std::fprintf(stderr, "ui_bench: %s\n", qPrintable(error));
        return 1;
    }
    Scene scene(&store);
    if (!scene.window) {
        return 1;
    }
    FrameClock clock(scene.window);
    spin([&clock] { return clock.frames() > 0; });
    JobListModel *model = scene.dashboard->jobs();
    scene.dashboard->visibleJobs()->setOrder(order); // as the list's sort box sets it

    // The jobs start after the scene is up, as live jobs do (the list loads only the newest
    // 500 at start).
    constexpr int Steps = 10;
    QList<Event> starts;
    for (int j = 0; j < jobs; ++j) {
        Event e =
            makeEvent(u"bench-%1"_s.arg(j), EventType::JobStarted, QDateTime::currentDateTimeUtc());
        e.title = u"Render %1"_s.arg(j);
        e.kind = u"bench-%1"_s.arg(j % 4);
        e.steps = Steps;
        starts.append(e);
    }
    if (!commit(store, starts)) {
        return 1;
    }
    spin([&] { return model->count() >= jobs; });

    qint64 applied = 0; // job rows whose progress the model signalled
    QObject::connect(model, &QAbstractItemModel::dataChanged, model,
        [&applied](const QModelIndex &top, const QModelIndex &bottom, const QList<int> &roles) {
            if (roles.contains(JobListModel::ProgressRole)) {
                applied += bottom.row() - top.row() + 1;
            }
        });
    qint64 committed = 0;
    qint64 sent = 0;
    QList<int> updates(jobs, 0);
    int next = 0;
    QElapsedTimer run;
    QTimer driver;
    driver.setTimerType(Qt::PreciseTimer);
    driver.setInterval(10);
    QObject::connect(&driver, &QTimer::timeout, [&] {
        const qint64 due = run.elapsed() * jobs * rate / 1000;
        QList<Event> batch;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (; sent < due; ++sent) {
            const int j = next;
            next = (next + 1) % jobs;
            const int n = ++updates[j];
            const QString key = u"bench-%1"_s.arg(j);
            // A step every three seconds of a job's updates, progress in between.
            if (n % (rate * 3) == 0 && n / (rate * 3) <= Steps) {
                Event e = makeEvent(key, EventType::StepSucceeded, now);
                e.step = StepRef { n / (rate * 3), u"Step %1"_s.arg(n / (rate * 3)), Steps };
                e.duration = 3.0;
                batch.append(e);
            } else {
                Event e = makeEvent(key, EventType::JobProgress, now);
                e.progress = std::min(99.0, n * 100.0 / (rate * seconds));
                batch.append(e);
            }
        }
        if (!batch.isEmpty()) {
            const auto size = batch.size();
            store.submit(std::move(batch), &store, [&committed, size](const IngestResult &r) {
                if (r.status == IngestResult::Status::Committed) {
                    committed += size;
                }
            });
        }
    });

    clock.record(true, true);
    run.start();
    driver.start();
    spin([&run, seconds] { return run.elapsed() >= seconds * 1000LL; }, seconds * 1000 + 5000);
    driver.stop();
    clock.record(false, false);
    const double elapsed = run.elapsed() / 1000.0;
    const QList<double> intervals = clock.intervals();
    const QList<double> work = clock.work();
    std::printf("live     jobs=%d rate=%d/s seconds=%d renderer=%s rows=%d order=%s\n", jobs, rate,
        seconds, qPrintable(graphicsApiName(scene.window)), model->count(),
        qPrintable(scene.dashboard->visibleJobs()->order()));
    std::printf("live     frame_interval_p50_ms=%.2f frame_interval_p99_ms=%.2f "
                "frame_interval_max_ms=%.2f frames_per_s=%.1f\n",
        percentile(intervals, 50), percentile(intervals, 99), percentile(intervals, 100),
        intervals.size() / elapsed);
    std::printf("live     frame_work_p50_ms=%.2f frame_work_p99_ms=%.2f "
                "(afterAnimating -> frameSwapped: polish, sync, render)\n",
        percentile(work, 50), percentile(work, 99));
    std::printf("live     events_sent_per_s=%.0f events_committed_per_s=%.0f "
                "updates_applied_per_s=%.0f\n",
        sent / elapsed, committed / elapsed, applied / elapsed);
    std::fflush(stdout);
    return 0;
}

int history(const QString &dir, int count)
{
    Store store;
    QString error;
    if (!store.open(dir + u"/history.db"_s, Durability::Normal, &error)) {
        std::fprintf(stderr, "ui_bench: %s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer seeding;
    seeding.start();
    static const QStringList kinds { u"video-workflow"_s, u"nightly-build"_s, u"caption_ocr"_s,
        u"deploy-api"_s };
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-90);
    constexpr int JobsPerBatch = 2500;
    int inFlight = 0;
    for (int first = 0; first < count; first += JobsPerBatch) {
        QList<Event> batch;
        for (int j = first; j < std::min(count, first + JobsPerBatch); ++j) {
            const QDateTime t = start.addSecs(qint64(j) * 90 * 86400 / count);
            Event s = makeEvent(u"job-%1"_s.arg(j), EventType::JobStarted, t);
            s.kind = kinds.at(j % kinds.size());
            s.title = u"%1 #%2"_s.arg(s.kind).arg(j);
            batch.append(s);
            Event end = makeEvent(
                s.job, j % 10 == 3 ? EventType::JobFailed : EventType::JobSucceeded, t.addSecs(40));
            end.message = j % 10 == 3 ? u"exit code 1"_s : QString();
            batch.append(end);
        }
        ++inFlight;
        store.submit(std::move(batch), &store, [&inFlight](const IngestResult &) { --inFlight; });
        spin([&inFlight] { return inFlight < 4; }); // a few batches queued, not all
    }
    spin([&inFlight] { return inFlight == 0; }, 600000);
    std::printf("history  jobs=%d seeded_in_s=%.1f\n", count, seeding.elapsed() / 1000.0);

    // The model alone: the first page, then further pages, read by the reader thread (the
    // time from the request to the rows).
    StoreReader reader;
    if (!reader.open(store.path(), &error)) {
        std::fprintf(stderr, "ui_bench: %s\n", qPrintable(error));
        return 1;
    }
    QList<double> firstModel;
    QList<double> pageModel;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer t;
        t.start();
        HistoryModel model;
        model.setStore(&store, &reader);
        spin([&model] { return !model.loading(); });
        firstModel.append(t.nsecsElapsed() / 1e6);
        for (int page = 0; page < 20; ++page) {
            t.restart();
            const int before = model.count();
            model.loadMore();
            spin([&model, before] { return model.count() > before; });
            pageModel.append(t.nsecsElapsed() / 1e6);
        }
    }
    std::printf("history  model_first_rows_ms_p50=%.2f model_page_ms_p50=%.2f "
                "model_page_ms_max=%.2f (50 rows a page, request to rows through the reader)\n",
        percentile(firstModel, 50), percentile(pageModel, 50), percentile(pageModel, 100));
    // The scene: opening the window at the history (Dashboard, Main.qml, the first frame with
    // rows), switching to it from the live view, and "Load more" to the next frame.
    QElapsedTimer open;
    open.start();
    qputenv("JOBPULSE_VIEW", "history");
    auto scene = std::make_unique<Scene>(&store);
    qunsetenv("JOBPULSE_VIEW");
    if (!scene->window) {
        return 1;
    }
    FrameClock clock(scene->window);
    spin([&clock] { return clock.frames() > 0; });
    const double opened = open.nsecsElapsed() / 1e6;
    HistoryModel *model = scene->dashboard->history();

    QList<double> switches;
    QList<double> pages;
    QObject *root = scene->engine->rootObjects().constFirst();
    for (int round = 0; round < 5; ++round) {
        root->setProperty("view", u"live"_s);
        clock.nextFrame(open);
        QElapsedTimer t;
        t.start();
        root->setProperty("view", u"history"_s);
        switches.append(clock.nextFrame(t));
    }
    for (int page = 0; page < 20; ++page) {
        QElapsedTimer t;
        t.start();
        QMetaObject::invokeMethod(model, "loadMore");
        pages.append(clock.nextFrame(t));
    }
    std::printf("history  scene_open_at_history_ms=%.1f (Dashboard + Main.qml + first frame with "
                "%d rows) scene_switch_to_history_ms_p50=%.2f\n",
        opened, 50, percentile(switches, 50));
    std::printf("history  scene_page_ms_p50=%.2f scene_page_ms_max=%.2f (loadMore to next frame) "
                "rows=%d\n",
        percentile(pages, 50), percentile(pages, 100), model->count());
    std::fflush(stdout);
    return 0;
}

int search(const QString &dir, int lines)
{
    Store store;
    QString error;
    if (!store.open(dir + u"/search.db"_s, Durability::Normal, &error)) {
        std::fprintf(stderr, "ui_bench: %s\n", qPrintable(error));
        return 1;
    }
    // A build farm's logs: common words in every line, a rare one in every 100,003rd.
    static const QStringList words { u"compiling"_s, u"linking"_s, u"testing"_s, u"copying"_s };
    QElapsedTimer seeding;
    seeding.start();
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-30);
    constexpr int Jobs = 1000;
    constexpr int LinesPerBatch = 5000;
    int inFlight = 0;
    for (int first = 0; first < lines; first += LinesPerBatch) {
        QList<Event> batch;
        for (int i = first; i < std::min(lines, first + LinesPerBatch); ++i) {
            Event e = makeEvent(u"build-%1"_s.arg(i % Jobs), EventType::Log,
                start.addSecs(qint64(i) * 30 * 86400 / lines));
            e.kind = u"nightly-build"_s;
            e.message = i % 100003 == 50000
                ? u"zeppelin checksum mismatch in unit %1"_s.arg(i)
                : u"%1 unit %2 of module %3 ok"_s.arg(words.at(i % words.size()))
                      .arg(i)
                      .arg(i % 97);
            batch.append(e);
        }
        ++inFlight;
        store.submit(std::move(batch), &store, [&inFlight](const IngestResult &) { --inFlight; });
        spin([&inFlight] { return inFlight < 4; });
    }
    spin([&inFlight] { return inFlight == 0; }, 900000);
    std::printf(
        "search   lines=%d jobs=%d seeded_in_s=%.1f\n", lines, Jobs, seeding.elapsed() / 1000.0);

    // The rare word, through the model and its reader thread, as the search field asks.
    StoreReader reader;
    if (!reader.open(store.path(), &error)) {
        std::fprintf(stderr, "ui_bench: %s\n", qPrintable(error));
        return 1;
    }
    HistoryModel model;
    model.setStore(&store, &reader);
    spin([&model] { return !model.loading(); });
    QList<double> rare;
    int found = 0;
    for (int round = 0; round < 40; ++round) {
        QElapsedTimer t;
        t.start();
        model.setSearch(round % 2 ? u"zeppelin"_s : u"zeppelin checksum"_s);
        spin([&model] { return !model.loading(); });
        rare.append(t.nsecsElapsed() / 1e6);
        found = model.count();
    }
    std::printf("search   rare_word_ms_p50=%.2f rare_word_ms_p99=%.2f rows=%d (request to rows, "
                "reader thread)\n",
        percentile(rare, 50), percentile(rare, 99), found);

    // A word in every line: a slow read. The scene keeps drawing meanwhile.
    auto scene = std::make_unique<Scene>(&store);
    if (!scene->window) {
        return 1;
    }
    FrameClock clock(scene->window);
    spin([&clock] { return clock.frames() > 0; });
    QObject *root = scene->engine->rootObjects().constFirst();
    root->setProperty("view", u"history"_s);
    HistoryModel *shown = scene->dashboard->history();
    spin([shown] { return !shown->loading(); });
    // The same scene drawing with nothing to read, for a ratio from the same run.
    clock.record(true, true);
    QElapsedTimer idle;
    idle.start();
    spin([&idle] { return idle.elapsed() > 1000; });
    clock.record(false, false);
    const QList<double> idleIntervals = clock.intervals();
    std::printf("search   idle_frame_interval_p50_ms=%.2f idle_frame_interval_p99_ms=%.2f "
                "(drawing, nothing read)\n",
        percentile(idleIntervals, 50), percentile(idleIntervals, 99));
    clock.clear();
    QElapsedTimer slow;
    clock.record(true, true);
    slow.start();
    shown->setSearch(u"compiling"_s);
    spin([shown] { return !shown->loading(); }, 120000);
    const double slowMs = slow.nsecsElapsed() / 1e6;
    clock.record(false, false);
    const QList<double> intervals = clock.intervals();
    std::printf("search   slow_read_ms=%.0f frames_meanwhile=%lld frame_interval_p50_ms=%.2f "
                "frame_interval_p99_ms=%.2f frame_interval_max_ms=%.2f (a word in every line)\n",
        slowMs, qint64(intervals.size()), percentile(intervals, 50), percentile(intervals, 99),
        percentile(intervals, 100));
    std::fflush(stdout);
    return 0;
}

int logView(const QString &dir, int lines)
{
    Store store;
    QString error;
    if (!store.open(dir + u"/log.db"_s, Durability::Normal, &error)) {
        std::fprintf(stderr, "ui_bench: %s\n", qPrintable(error));
        return 1;
    }
    const QString key = u"huge-build"_s;
    const auto chunk = [&key, lines](qint64 first, qint64 count) {
        Event e = makeEvent(key, EventType::Log, QDateTime::currentDateTimeUtc());
        QStringList text;
        for (qint64 n = first; n < first + count; ++n) {
            text << (n % 250007 == 123456
                    ? u"zeppelin checksum mismatch in shard %1"_s.arg(n)
                    : u"[%1/%2] compiling src/module_%3/unit_%1.cpp"_s.arg(n).arg(lines).arg(
                        n % 97));
        }
        e.message = text.join(u'\n');
        return e;
    };
    QElapsedTimer seeding;
    seeding.start();
    int inFlight = 0;
    constexpr int ChunkLines = 1000;
    for (qint64 first = 1; first <= lines; first += 100 * ChunkLines) {
        QList<Event> batch;
        for (qint64 c = first; c < std::min<qint64>(lines + 1, first + 100 * ChunkLines);
             c += ChunkLines) {
            batch.append(chunk(c, std::min<qint64>(ChunkLines, lines + 1 - c)));
        }
        ++inFlight;
        store.submit(std::move(batch), &store, [&inFlight](const IngestResult &) { --inFlight; });
        spin([&inFlight] { return inFlight < 4; });
    }
    spin([&inFlight] { return inFlight == 0; }, 900000);
    std::printf("log      lines=%d seeded_in_s=%.1f\n", lines, seeding.elapsed() / 1000.0);

    Scene scene(&store);
    if (!scene.window) {
        return 1;
    }
    FrameClock clock(scene.window);
    spin([&clock] { return clock.frames() > 0; });
    auto *log = scene.window->findChild<QQuickItem *>(u"logView"_s);
    LogLinesModel *model = scene.dashboard->logLines();
    // The last line's delegate, shown and read (not a placeholder).
    const auto tailShown = [log, model] {
        QQuickItem *item = nullptr;
        QMetaObject::invokeMethod(
            log, "itemAtIndex", Q_RETURN_ARG(QQuickItem *, item), Q_ARG(int, model->count() - 1));
        return item && item->isVisible() && item->property("loaded").toBool()
            && log->property("atYEnd").toBool();
    };
    QList<double> opens;
    bool shown = true;
    for (int round = 0; round < 3; ++round) {
        scene.dashboard->select({});
        QElapsedTimer idle;
        clock.nextFrame(idle);
        QElapsedTimer t;
        t.start();
        scene.dashboard->select(key);
        spin([model] { return !model->opening(); });
        double ms = clock.nextFrame(t);
        for (int frame = 0; frame < 10 && !tailShown(); ++frame) {
            ms = clock.nextFrame(t);
        }
        shown = shown && tailShown();
        opens.append(ms);
    }
    std::printf("log      open_to_tail_frame_ms_p50=%.1f open_to_tail_frame_ms_max=%.1f rows=%d "
                "tail_shown=%s (select to the frame showing the last line, read)\n",
        percentile(opens, 50), percentile(opens, 100), model->count(), shown ? "yes" : "NO");

    // Following: 1,000 lines a second while the scene draws continuously.
    clock.clear();
    clock.record(true, true);
    QElapsedTimer idle;
    idle.start();
    spin([&idle] { return idle.elapsed() > 1000; });
    clock.record(false, false);
    const QList<double> idleIntervals = clock.intervals();
    clock.clear();
    // Every 10 ms, the lines owed at 1,000 a second since the start (a late timer sends more),
    // for @p seconds while the scene draws continuously; the frame intervals meanwhile.
    qint64 next = lines + 1;
    // The GUI thread's CPU time per frame interval of the last feedFor, and the whole
    // process's CPU (GUI, store writer, reader threads) per second of it.
    QList<double> followCpu;
    double processCpuPerS = 0;
    const auto processCpuNs = [] {
        timespec t {};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
    };
    const auto feedFor = [&](int seconds) {
        QElapsedTimer following;
        const qint64 from = next;
        QTimer feed;
        QObject::connect(&feed, &QTimer::timeout, &store, [&] {
            const qint64 owed = from + following.elapsed() - next;
            if (owed > 0) {
                store.submit({ chunk(next, owed) }, &store, [](const IngestResult &) {});
                next += owed;
            }
        });
        clock.clear();
        clock.record(true, true);
        following.start();
        const qint64 cpuBefore = processCpuNs();
        feed.start(10);
        spin([&following, seconds] { return following.elapsed() > seconds * 1000; });
        feed.stop();
        clock.record(false, false);
        processCpuPerS = (processCpuNs() - cpuBefore) / 1e6 / (following.nsecsElapsed() / 1e9);
        followCpu = clock.cpu();
        return clock.intervals();
    };
    // The same feed with the job not shown (the list and the rest of the dashboard at work),
    // for a ratio from the same run.
    scene.dashboard->select({});
    const QList<double> unshown = feedFor(5);
    scene.dashboard->select(key);
    spin([model] { return !model->opening(); });
    // ... and with the job shown at its Events tab: the detail's other work, without the log.
    QQuickItem *detail = log->parentItem()->parentItem()->parentItem(); // StackLayout, column
    detail->setProperty("showEvents", true);
    const QList<double> eventsTab = feedFor(5);
    detail->setProperty("showEvents", false);
    log->setProperty("following", true);
    constexpr int FollowSeconds = 10;
    const qint64 followFrom = next;
    const QList<double> intervals = feedFor(FollowSeconds);
    spin([model, &next] { return model->total() >= double(next - 1); }, 10000);
    QElapsedTimer settle;
    settle.start();
    spin([&] { return tailShown() || settle.elapsed() > 2000; });
    std::printf(
        "log      follow_lines_per_s=%.0f frame_interval_p50_ms=%.2f "
        "frame_interval_p99_ms=%.2f frame_interval_max_ms=%.2f frames=%lld "
        "idle_frame_interval_p50_ms=%.2f idle_frame_interval_p99_ms=%.2f "
        "unshown_frame_interval_p50_ms=%.2f unshown_frame_interval_p99_ms=%.2f "
        "events_tab_frame_interval_p50_ms=%.2f events_tab_frame_interval_p99_ms=%.2f "
        "following=%s tail_shown=%s\n"
        "log      follow_gui_cpu_per_frame_p50_ms=%.2f follow_gui_cpu_per_frame_p99_ms=%.2f "
        "follow_gui_cpu_per_frame_max_ms=%.2f follow_process_cpu_ms_per_s=%.0f (CPU time, "
        "not stretched by other processes: the GUI thread's per frame interval; all "
        "threads')\n",
        double(next - followFrom) / FollowSeconds, percentile(intervals, 50),
        percentile(intervals, 99), percentile(intervals, 100), qint64(intervals.size()),
        percentile(idleIntervals, 50), percentile(idleIntervals, 99), percentile(unshown, 50),
        percentile(unshown, 99), percentile(eventsTab, 50), percentile(eventsTab, 99),
        log->property("following").toBool() ? "yes" : "NO", tailShown() ? "yes" : "NO",
        percentile(followCpu, 50), percentile(followCpu, 99), percentile(followCpu, 100),
        processCpuPerS);

    // The search for a rare word, through the log's reader thread.
    LogSearchModel *search = scene.dashboard->logSearch();
    QList<double> rare;
    int found = 0;
    for (int round = 0; round < 10; ++round) {
        QElapsedTimer t;
        t.start();
        search->setText(round % 2 ? u"zeppelin"_s : u"zeppelin checksum"_s);
        search->searchNow();
        spin([search] { return !search->searching(); });
        rare.append(t.nsecsElapsed() / 1e6);
        found = search->count();
    }
    std::printf("log      search_rare_ms_p50=%.2f search_rare_ms_max=%.2f matches=%d (request to "
                "results, reader thread)\n",
        percentile(rare, 50), percentile(rare, 100), found);
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv); // as the app: Widgets for the tray and the file dialog
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Jobpulse dashboard benchmark (bench/README.md)"_s);
    parser.addHelpOption();
    const QCommandLineOption jobsOption(u"jobs"_s, u"Live jobs (1000)."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption rateOption(
        u"rate"_s, u"Updates per job per second (10)."_s, u"N"_s, u"10"_s);
    const QCommandLineOption secondsOption(
        u"seconds"_s, u"Seconds of live updates (30)."_s, u"S"_s, u"30"_s);
    const QCommandLineOption historyOption(
        u"history"_s, u"Jobs in the history database (100000)."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption linesOption(u"lines"_s,
        u"Log lines in the search database, and in the log part's job (1000000)."_s, u"N"_s,
        u"1000000"_s);
    const QCommandLineOption onlyOption(
        u"only"_s, u"Run only 'live', 'history', 'search' or 'log'."_s, u"PART"_s);
    const QCommandLineOption orderOption(u"order"_s,
        u"The live list's order: newest (default), updated, progress, name, status."_s, u"ORDER"_s,
        u"newest"_s);
    parser.addOptions({ jobsOption, rateOption, secondsOption, historyOption, linesOption,
        onlyOption, orderOption });
    parser.process(app);

    QTranslator translator;
    prepareUi(translator);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        return 1;
    }
    const QString only = parser.value(onlyOption);
    int code = 0;
    if (only.isEmpty() || only == u"live") {
        code |= live(dir.path(), parser.value(jobsOption).toInt(), parser.value(rateOption).toInt(),
            parser.value(secondsOption).toInt(), parser.value(orderOption));
    }
    if (only.isEmpty() || only == u"history") {
        code |= history(dir.path(), parser.value(historyOption).toInt());
    }
    if (only.isEmpty() || only == u"search") {
        code |= search(dir.path(), parser.value(linesOption).toInt());
    }
    if (only.isEmpty() || only == u"log") {
        code |= logView(dir.path(), parser.value(linesOption).toInt());
    }
    return code;
}

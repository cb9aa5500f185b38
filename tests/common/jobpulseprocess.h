#pragma once
// A `jobpulse` started by a test as a process of its own (a headless receiver, a window, a
// node of several): the base URL it prints as its first line, and stopping it.

#include <QByteArray>
#include <QProcess>
#include <QTest>
#include <QUrl>

namespace jobpulse::testing {

/** The URL of a "listening URL" line; invalid for any other line. */
inline QUrl listeningUrl(const QByteArray &line)
{
    return line.startsWith("listening ") ? QUrl(QString::fromUtf8(line.mid(10).trimmed())) : QUrl();
}

/** Waits for @p process's first line of output and returns the base URL it listens on;
 *  invalid when it ended first, said something else, or took longer than @p timeoutMs. */
inline QUrl waitListening(QProcess &process, int timeoutMs = 30000)
{
    QByteArray out;
    (void)QTest::qWaitFor(
        [&] {
            out += process.readAllStandardOutput();
            return out.contains('\n') || process.state() == QProcess::NotRunning;
        },
        timeoutMs);
    return listeningUrl(out.left(out.indexOf('\n')));
}

/** Ends @p process as a user would (SIGTERM) and waits for it. */
inline void stopProcess(QProcess &process, int timeoutMs = 15000)
{
    if (process.state() != QProcess::NotRunning) {
        process.terminate();
        process.waitForFinished(timeoutMs);
    }
}

} // namespace jobpulse::testing

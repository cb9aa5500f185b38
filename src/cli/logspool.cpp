#include "logspool.h"

#include <cstdio>
#include <cstring>
#include <utility>

namespace jobpulse::cli {

LogSpool::LogSpool(qsizetype memoryBytes)
    : m_memoryBytes(memoryBytes)
{ }

qint64 LogSpool::pendingBytes() const
{
    return (m_memory.size() - m_readPos) + (m_fileWritten - m_fileRead);
}

void LogSpool::append(QByteArrayView text, bool isStderr)
{
    appendRecords(streamLetter(isStderr) + text.toByteArray() + '\n');
}

void LogSpool::appendRecords(QByteArrayView records)
{
    // Once anything is spilled, later lines follow it into the file: order is kept.
    const bool spill = m_fileWritten > m_fileRead || m_memory.size() - m_readPos >= m_memoryBytes;
    if (spill && (m_file.isOpen() || m_file.open())) {
        if (std::exchange(m_reading, false)) {
            m_file.seek(m_fileWritten); // a seek flushes: only after a read
        }
        if (m_file.write(records.data(), records.size()) == records.size()) {
            m_fileWritten += records.size();
            m_spilledTotal += records.size();
            return;
        }
        std::fprintf(stderr, "jobpulse run: cannot spill the log to %s: %s\n",
            qPrintable(m_file.fileName()), qPrintable(m_file.errorString()));
    }
    if (m_readPos > 0 && m_readPos == m_memory.size()) {
        compact();
    }
    m_memory += records;
}

void LogSpool::compact()
{
    // The lines taken are dropped and the buffer kept, its unread rest moved to its start:
    // a buffer freed and grown again was fresh pages to fault in each time, and a page fault
    // costs some 20 µs on this VM (8 MiB of fresh pages: ~45 ms; `run -- seq 1000000` took
    // ~2,000 of them in the spool).
    const qsizetype rest = m_memory.size() - m_readPos;
    if (rest > 0 && m_readPos > 0) {
        std::memmove(m_memory.data(), m_memory.constData() + m_readPos, size_t(rest));
    }
    m_memory.resize(rest); // keeps its capacity
    m_readPos = 0;
}

void LogSpool::refill(qint64 atLeast)
{
    if (m_fileWritten == m_fileRead) {
        return;
    }
    compact();
    m_file.seek(m_fileRead);
    m_reading = true;
    // Straight into the kept buffer (a block read apart was a fresh allocation each time).
    const qsizetype old = m_memory.size();
    m_memory.resize(old + qsizetype(std::min(m_fileWritten - m_fileRead, atLeast)));
    const qint64 read =
        std::max<qint64>(m_file.read(m_memory.data() + old, m_memory.size() - old), 0);
    // Whole records only; the rest is read again next time.
    const qsizetype end =
        QByteArrayView(m_memory).sliced(old, qsizetype(read)).lastIndexOf('\n') + 1;
    m_memory.resize(old + end);
    m_fileRead += end;
    if (m_fileRead == m_fileWritten) {
        m_file.resize(0);
        m_file.seek(0);
        m_reading = false;
        m_fileRead = m_fileWritten = 0;
    }
}

int LogSpool::take(qint64 maxJsonBytes, int maxLines,
    const std::function<void(QByteArrayView text, bool isStderr)> &each)
{
    int lines = 0;
    qint64 json = 0;
    while (lines < maxLines) {
        if (m_readPos == m_memory.size()) {
            refill(std::max<qint64>(maxJsonBytes, 64 * 1024));
            if (m_readPos == m_memory.size()) {
                break;
            }
        }
        const qsizetype end = m_memory.indexOf('\n', m_readPos);
        const QByteArrayView text =
            QByteArrayView(m_memory).sliced(m_readPos + 1, end - m_readPos - 1);
        qint64 cost = text.size() + (m_memory.at(m_readPos) == 'e' ? 32 : 3);
        for (const char c : text) {
            if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') {
                cost += 5; // at most \u00XX
            }
        }
        if (lines > 0 && json + cost > maxJsonBytes) {
            break;
        }
        json += cost;
        ++lines;
        each(text, m_memory.at(m_readPos) == 'e');
        m_readPos = end + 1;
    }
    if (m_readPos >= m_memory.size() / 2) {
        compact();
    }
    return lines;
}

} // namespace jobpulse::cli

#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>
#include <functional>

namespace jobpulse {

/**
 * @brief How the dashboard writes times, sizes and states: every view's words and numbers in
 * the user's language (tr()) and locale (QLocale()).
 *
 * Pure functions, callable from C++ (SelectedJob's status line) and from QML through the
 * `Format` singleton of qml/Format.qml, which adds what C++ cannot: a binding's dependency on
 * the language. An unknown value (negative, NaN, an invalid time) gives "–" for durations and
 * "" elsewhere, so a view never shows "NaN" or "undefined".
 */
class Format : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Formatter)
    QML_SINGLETON
    /** The UI language (QLocale().name()); changes when a translator is installed or removed. */
    Q_PROPERTY(QString language READ language NOTIFY languageChanged)

public:
    explicit Format(QObject *parent = nullptr);

    QString language() const;

    /** "5.7s", "42s", "3m 5s", "2h 10m"; tenths under 10 s. */
    Q_INVOKABLE static QString duration(double seconds);
    /** The ETA (PRODUCT.md §2): "≈ 40s left", "due now"; "" when unknown (< 0). */
    Q_INVOKABLE static QString eta(double seconds);
    /** "just now", "12s ago", "5m ago", "3h ago", then the date; "" for an invalid time. */
    Q_INVOKABLE static QString ago(const QDateTime &when, const QDateTime &now);
    /** "< 0.1 ms", "2.5 ms", "120 ms", then as a duration. */
    Q_INVOKABLE static QString milliseconds(double ms);
    /** "12 bytes", "1.5 KiB", "3.2 MiB"; "" when unknown. */
    Q_INVOKABLE static QString bytes(double count);
    /** The local date (short) and time to the minute. */
    Q_INVOKABLE static QString dateTime(const QDateTime &when);
    /** The local time to the second. */
    Q_INVOKABLE static QString clockTime(const QDateTime &when);
    Q_INVOKABLE static QString firstLine(const QString &text);

    /** A job's or a step's status ("running", "pending", …) as a word and as a glyph. */
    Q_INVOKABLE static QString statusWord(const QString &status);
    Q_INVOKABLE static QString statusGlyph(const QString &status);
    /** A coarse span: "45s", "12m", "3h" (whole units, rounded down). */
    Q_INVOKABLE static QString span(double seconds);
    /** "no news for 45s", "… 12m", "… 3h": how long a stalled job has been silent. */
    Q_INVOKABLE static QString noNews(const QDateTime &lastEvent, const QDateTime &now);
    /** A job's status in its row: the word, and for a stalled job how long it has been
     *  silent ("stalled · no news for 12m"). */
    Q_INVOKABLE static QString statusLine(
        const QString &status, const QDateTime &lastEvent, const QDateTime &now);
    /** A free-form sub-state as senders commonly name it, translated; other words as sent. */
    Q_INVOKABLE static QString stateWord(const QString &state);
    /** An outbound source's state: live, connecting, reconnecting, offline, paused. */
    Q_INVOKABLE static QString sourceWord(const QString &state);
    Q_INVOKABLE static QString sourceGlyph(const QString &state);
    /** A run's jobs: "2 of 5 jobs done", "5 jobs done". */
    Q_INVOKABLE static QString childSummary(int count, int done);
    /** What the receiver made of a delivery: accepted, rejected, duplicate. */
    Q_INVOKABLE static QString verdictWord(const QString &verdict);
    Q_INVOKABLE static QString verdictGlyph(const QString &verdict);

Q_SIGNALS:
    void languageChanged();
};

/** Calls @p changed whenever the application's translators change (QEvent::LanguageChange),
 *  for as long as @p context lives: text made with tr() is then made again. */
void onLanguageChange(QObject *context, std::function<void()> changed);

} // namespace jobpulse

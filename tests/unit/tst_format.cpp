// How the dashboard writes durations, ETAs, ages, sizes and states (src/ui/format.h), in an
// English and a German locale; the words come untranslated (no translator is installed).
#include "ui/format.h"

#include <QSignalSpy>
#include <QTest>
#include <QTranslator>
#include <cmath>
#include <limits>

using namespace Qt::Literals::StringLiterals;
using namespace jobpulse;

namespace {
const QLocale English(QLocale::English, QLocale::UnitedStates);
const QLocale German(QLocale::German, QLocale::Germany);
const double NaN = std::numeric_limits<double>::quiet_NaN(); // QML's undefined
const QDateTime Noon(QDate(2024, 5, 1), QTime(12, 0, 0)); // local time
} // namespace

class TestFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { QLocale::setDefault(English); }

    void duration_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::addRow("unknown") << English << -1.0 << u"\u2013"_s;
        QTest::addRow("undefined") << English << NaN << u"\u2013"_s;
        QTest::addRow("zero") << English << 0.0 << u"0.0s"_s;
        QTest::addRow("tenths under 10 s") << English << 5.74 << u"5.7s"_s;
        QTest::addRow("German decimal comma") << German << 5.74 << u"5,7s"_s;
        QTest::addRow("9.96 rounds up in tenths") << English << 9.96 << u"10.0s"_s;
        QTest::addRow("whole seconds from 10") << English << 42.4 << u"42s"_s;
        QTest::addRow("59.5 is a minute") << English << 59.5 << u"1m 0s"_s;
        QTest::addRow("minutes") << English << 185.0 << u"3m 5s"_s;
        QTest::addRow("hours") << English << 7805.0 << u"2h 10m"_s;
        QTest::addRow("no grouping") << English << 3600.0 * 1234 << u"1234h 0m"_s;
    }
    void duration()
    {
        QFETCH(QLocale, locale);
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QLocale::setDefault(locale);
        QCOMPARE(Format::duration(seconds), text);
    }

    void eta_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::addRow("unknown") << -1.0 << QString();
        QTest::addRow("undefined") << NaN << QString();
        QTest::addRow("due") << 0.4 << u"due now"_s;
        QTest::addRow("whole seconds, rounded up") << 39.2 << u"\u2248 40s left"_s;
        QTest::addRow("one second") << 1.0 << u"\u2248 1s left"_s;
        QTest::addRow("minutes") << 59.5 << u"\u2248 1m 0s left"_s;
        QTest::addRow("hours") << 3700.0 << u"\u2248 1h 1m left"_s;
    }
    void eta()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(Format::eta(seconds), text);
    }

    void ago_data()
    {
        QTest::addColumn<QDateTime>("when");
        QTest::addColumn<QString>("text");
        QTest::addRow("invalid") << QDateTime() << QString();
        QTest::addRow("in the future") << Noon.addSecs(30) << u"just now"_s;
        QTest::addRow("4 s") << Noon.addSecs(-4) << u"just now"_s;
        QTest::addRow("4.5 s rounds to 5") << Noon.addMSecs(-4500) << u"5s ago"_s;
        QTest::addRow("seconds") << Noon.addSecs(-59) << u"59s ago"_s;
        QTest::addRow("minutes") << Noon.addSecs(-3599) << u"59m ago"_s;
        QTest::addRow("hours") << Noon.addSecs(-7200) << u"2h ago"_s;
        QTest::addRow("a day: the date")
            << Noon.addDays(-1) << English.toString(QDate(2024, 4, 30), QLocale::ShortFormat);
        QTest::addRow("UTC: the local date")
            << Noon.addDays(-3).toUTC()
            << English.toString(QDate(2024, 4, 28), QLocale::ShortFormat);
    }
    void ago()
    {
        QFETCH(QDateTime, when);
        QFETCH(QString, text);
        QCOMPARE(Format::ago(when, Noon), text);
    }

    void milliseconds_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<double>("ms");
        QTest::addColumn<QString>("text");
        QTest::addRow("unknown") << English << -1.0 << u"\u2013"_s;
        QTest::addRow("undefined") << English << NaN << u"\u2013"_s;
        QTest::addRow("below a tenth") << English << 0.04 << u"< 0.1 ms"_s;
        QTest::addRow("below a tenth, German") << German << 0.04 << u"< 0,1 ms"_s;
        QTest::addRow("tenths") << English << 2.54 << u"2.5 ms"_s;
        QTest::addRow("whole") << English << 120.4 << u"120 ms"_s;
        QTest::addRow("a second and more") << English << 1500.0 << u"1.5s"_s;
    }
    void milliseconds()
    {
        QFETCH(QLocale, locale);
        QFETCH(double, ms);
        QFETCH(QString, text);
        QLocale::setDefault(locale);
        QCOMPARE(Format::milliseconds(ms), text);
    }

    void bytes_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<double>("count");
        QTest::addColumn<QString>("text");
        QTest::addRow("unknown") << English << -1.0 << QString();
        QTest::addRow("undefined") << English << NaN << QString();
        QTest::addRow("bytes") << English << 12.0 << u"12 byte(s)"_s; // plural forms: .ts
        QTest::addRow("KiB") << English << 1536.0 << u"1.5 KiB"_s;
        QTest::addRow("KiB, German") << German << 1536.0 << u"1,5 KiB"_s;
        QTest::addRow("KiB grouped") << English << 1000.5 * 1024 << u"1,000.5 KiB"_s;
        QTest::addRow("MiB") << English << 3.3 * 1024 * 1024 << u"3.3 MiB"_s;
    }
    void bytes()
    {
        QFETCH(QLocale, locale);
        QFETCH(double, count);
        QFETCH(QString, text);
        QLocale::setDefault(locale);
        QCOMPARE(Format::bytes(count), text);
    }

    void times()
    {
        const QDateTime when(QDate(2024, 5, 1), QTime(9, 5, 7));
        QCOMPARE(Format::clockTime(when), u"09:05:07"_s);
        QCOMPARE(Format::clockTime(when.toUTC()), u"09:05:07"_s); // shown in local time
        QCOMPARE(Format::clockTime(QDateTime()), QString());
        QCOMPARE(Format::dateTime(when),
            English.toString(QDate(2024, 5, 1), QLocale::ShortFormat) + u" 09:05"_s);
        QCOMPARE(Format::dateTime(QDateTime()), QString());
    }

    void firstLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("line");
        QTest::addRow("empty") << QString() << QString();
        QTest::addRow("one line") << u"OCR model missing"_s << u"OCR model missing"_s;
        QTest::addRow("more") << u"boom\n  at line 3\n"_s << u"boom"_s;
        QTest::addRow("leading newline") << u"\nboom"_s << QString();
    }
    void firstLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, line);
        QCOMPARE(Format::firstLine(text), line);
    }

    // Every status has a glyph and a word (UI.md: never colour alone); unknown ones as sent.
    void status_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("glyph");
        QTest::addColumn<QString>("word");
        QTest::addRow("running") << u"running"_s << u"\u25B6"_s << u"running"_s;
        QTest::addRow("succeeded") << u"succeeded"_s << u"\u2714"_s << u"succeeded"_s;
        QTest::addRow("failed") << u"failed"_s << u"\u2716"_s << u"failed"_s;
        QTest::addRow("canceled") << u"canceled"_s << u"\u2298"_s << u"canceled"_s;
        QTest::addRow("stalled") << u"stalled"_s << u"\u26A0"_s << u"stalled"_s;
        QTest::addRow("lost") << u"lost"_s << u"\u2205"_s << u"lost"_s;
        QTest::addRow("queued") << u"queued"_s << u"\u25F7"_s << u"queued"_s;
        QTest::addRow("step pending") << u"pending"_s << u"\u25CB"_s << u"pending"_s;
        QTest::addRow("step skipped") << u"skipped"_s << u"\u21B7"_s << u"skipped"_s;
        QTest::addRow("unknown") << u"paused"_s << u"\u25F7"_s << u"paused"_s;
    }
    void status()
    {
        QFETCH(QString, status);
        QFETCH(QString, glyph);
        QFETCH(QString, word);
        QCOMPARE(Format::statusGlyph(status), glyph);
        QCOMPARE(Format::statusWord(status), word);
    }

    // A stalled job's row says how long it has been silent; other statuses only their word.
    void statusLine()
    {
        const QDateTime last(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        QCOMPARE(Format::statusLine(u"stalled"_s, last, last.addSecs(12 * 60 + 30)),
            u"stalled \u00B7 no news for 12m"_s);
        QCOMPARE(Format::statusLine(u"stalled"_s, last, last.addSecs(3 * 3600)),
            u"stalled \u00B7 no news for 3h"_s);
        QCOMPARE(Format::statusLine(u"running"_s, last, last.addSecs(600)), u"running"_s);
        QCOMPARE(Format::statusLine(u"lost"_s, last, last.addSecs(600)), u"lost"_s);
    }

    void stateWord_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("word");
        QTest::addRow("common") << u"rendering"_s << u"rendering"_s;
        QTest::addRow("any case") << u"Uploading"_s << u"uploading"_s;
        QTest::addRow("complete") << u"complete"_s << u"completed"_s;
        QTest::addRow("a status") << u"Failed"_s << u"failed"_s;
        QTest::addRow("pending") << u"PENDING"_s << u"pending"_s;
        QTest::addRow("other: as sent") << u"Awaiting QA"_s << u"Awaiting QA"_s;
        QTest::addRow("skipped is a step's") << u"Skipped"_s << u"Skipped"_s;
        QTest::addRow("empty") << QString() << QString();
    }
    void stateWord()
    {
        QFETCH(QString, state);
        QFETCH(QString, word);
        QCOMPARE(Format::stateWord(state), word);
    }

    void source_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("glyph");
        QTest::addColumn<QString>("word");
        QTest::addRow("live") << u"live"_s << u"\u25CF"_s << u"live"_s;
        QTest::addRow("connecting") << u"connecting"_s << u"\u25CC"_s << u"connecting"_s;
        QTest::addRow("reconnecting") << u"reconnecting"_s << u"\u25D0"_s << u"reconnecting"_s;
        QTest::addRow("offline") << u"offline"_s << u"\u25CB"_s << u"offline"_s;
        QTest::addRow("paused") << u"paused"_s << u"\u2016"_s << u"paused"_s;
    }
    void source()
    {
        QFETCH(QString, state);
        QFETCH(QString, glyph);
        QFETCH(QString, word);
        QCOMPARE(Format::sourceGlyph(state), glyph);
        QCOMPARE(Format::sourceWord(state), word);
    }

    void verdict_data()
    {
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("glyph");
        QTest::addColumn<QString>("word");
        QTest::addRow("accepted") << u"accepted"_s << u"\u2714"_s << u"accepted"_s;
        QTest::addRow("rejected") << u"rejected"_s << u"\u2716"_s << u"rejected"_s;
        QTest::addRow("duplicate") << u"duplicate"_s << u"\u2261"_s << u"duplicate"_s;
        QTest::addRow("none") << QString() << u"\u2261"_s << QString();
    }
    void verdict()
    {
        QFETCH(QString, verdict);
        QFETCH(QString, glyph);
        QFETCH(QString, word);
        QCOMPARE(Format::verdictGlyph(verdict), glyph);
        QCOMPARE(Format::verdictWord(verdict), word);
    }

    // What makes qml/Format.qml's bindings follow a language picked in the settings.
    void languageChangeIsSignalled()
    {
        struct Translator : QTranslator
        {
            bool isEmpty() const override { return false; }
        } translator;
        Format format;
        QSignalSpy changed(&format, &Format::languageChanged);
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QCOMPARE(changed.count(), 1);
        QVERIFY(QCoreApplication::removeTranslator(&translator));
        QCOMPARE(changed.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"

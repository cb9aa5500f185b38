#include "format.h"

#include "core/job.h"

#include <QCoreApplication>
#include <QEvent>
#include <QLocale>
#include <QtGlobal>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

// A word or a glyph per state name. Words are marked for lupdate here and translated by
// Format::tr() when looked up; a name not in the table is shown as it was sent.
struct Entry
{
    QStringView name;
    const char *text;
};

template<size_t N>
const char *find(const Entry (&table)[N], QStringView name)
{
    for (const Entry &entry : table) {
        if (entry.name == name) {
            return entry.text;
        }
    }
    return nullptr;
}

template<size_t N>
QString word(const Entry (&table)[N], const QString &name)
{
    const char *text = find(table, name);
    return text ? Format::tr(text) : name;
}

template<size_t N>
QString glyph(const Entry (&table)[N], const QString &name, const char *fallback)
{
    const char *text = find(table, name);
    return QString::fromUtf8(text ? text : fallback);
}

// Step statuses (pending, skipped) share the job statuses' words and glyphs.
const Entry statusWords[] = {
    { u"running", QT_TRANSLATE_NOOP("jobpulse::Format", "running") },
    { u"succeeded", QT_TRANSLATE_NOOP("jobpulse::Format", "succeeded") },
    { u"failed", QT_TRANSLATE_NOOP("jobpulse::Format", "failed") },
    { u"canceled", QT_TRANSLATE_NOOP("jobpulse::Format", "canceled") },
    { u"stalled", QT_TRANSLATE_NOOP("jobpulse::Format", "stalled") },
    { u"lost", QT_TRANSLATE_NOOP("jobpulse::Format", "lost") },
    { u"queued", QT_TRANSLATE_NOOP("jobpulse::Format", "queued") },
    { u"pending", QT_TRANSLATE_NOOP("jobpulse::Format", "pending") },
    { u"skipped", QT_TRANSLATE_NOOP("jobpulse::Format", "skipped") },
};
const Entry statusGlyphs[] = {
    { u"running", "\u25B6" }, // ▶
    { u"succeeded", "\u2714" }, // ✔
    { u"failed", "\u2716" }, // ✖
    { u"canceled", "\u2298" }, // ⊘
    { u"stalled", "\u26A0" }, // ⚠
    { u"lost", "\u2205" }, // ∅
    { u"skipped", "\u21B7" }, // ↷
    { u"pending", "\u25CB" }, // ○
};
const char *const queuedGlyph = "\u25F7"; // ◷, also for any other status

// Sub-states senders commonly use (lower case); a status name as a sub-state reads as one.
const Entry stateWords[] = {
    { u"rendering", QT_TRANSLATE_NOOP("jobpulse::Format", "rendering") },
    { u"rendered", QT_TRANSLATE_NOOP("jobpulse::Format", "rendered") },
    { u"processing", QT_TRANSLATE_NOOP("jobpulse::Format", "processing") },
    { u"uploading", QT_TRANSLATE_NOOP("jobpulse::Format", "uploading") },
    { u"waiting", QT_TRANSLATE_NOOP("jobpulse::Format", "waiting") },
    { u"approved", QT_TRANSLATE_NOOP("jobpulse::Format", "approved") },
    { u"rejected", QT_TRANSLATE_NOOP("jobpulse::Format", "rejected") },
    { u"completed", QT_TRANSLATE_NOOP("jobpulse::Format", "completed") },
    { u"complete", QT_TRANSLATE_NOOP("jobpulse::Format", "completed") },
};

const Entry sourceWords[] = {
    { u"live", QT_TRANSLATE_NOOP("jobpulse::Format", "live") },
    { u"connecting", QT_TRANSLATE_NOOP("jobpulse::Format", "connecting") },
    { u"reconnecting", QT_TRANSLATE_NOOP("jobpulse::Format", "reconnecting") },
    { u"offline", QT_TRANSLATE_NOOP("jobpulse::Format", "offline") },
    { u"paused", QT_TRANSLATE_NOOP("jobpulse::Format", "paused") },
};
const Entry sourceGlyphs[] = {
    { u"live", "\u25CF" }, // ● full
    { u"connecting", "\u25CC" }, // ◌ dotted
    { u"reconnecting", "\u25D0" }, // ◐ half
    { u"offline", "\u25CB" }, // ○ empty
};
const char *const pausedGlyph = "\u2016"; // ‖

const Entry verdictWords[] = {
    { u"accepted", QT_TRANSLATE_NOOP("jobpulse::Format", "accepted") },
    { u"rejected", QT_TRANSLATE_NOOP("jobpulse::Format", "rejected") },
    { u"duplicate", QT_TRANSLATE_NOOP("jobpulse::Format", "duplicate") },
    { u"replayed", QT_TRANSLATE_NOOP("jobpulse::Format", "sent on") },
};
const Entry verdictGlyphs[] = {
    { u"accepted", "\u2714" }, // ✔
    { u"rejected", "\u2716" }, // ✖
    { u"replayed", "\u21AA" }, // ↪ an edited replay sent to a URL
};
const char *const duplicateGlyph = "\u2261"; // ≡ counted, not applied

const QString unknownDuration = u"\u2013"_s; // –

QString tenths(double value)
{
    return QLocale().toString(value, 'f', 1); // "5,7" in German
}

bool known(double value)
{
    return value >= 0; // false for NaN too (an undefined from QML)
}

// Installed on the application, where QCoreApplication::installTranslator() sends its event.
class LanguageFilter : public QObject
{
public:
    LanguageFilter(QObject *context, std::function<void()> changed)
        : QObject(context)
        , m_changed(std::move(changed))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == QCoreApplication::instance() && event->type() == QEvent::LanguageChange) {
            m_changed();
        }
        return false;
    }

private:
    std::function<void()> m_changed;
};

} // namespace

void onLanguageChange(QObject *context, std::function<void()> changed)
{
    if (QCoreApplication::instance()) {
        new LanguageFilter(context, std::move(changed));
    }
}

Format::Format(QObject *parent)
    : QObject(parent)
{
    onLanguageChange(this, [this] { Q_EMIT languageChanged(); });
}

QString Format::language() const
{
    return QLocale().name();
}

QString Format::duration(double seconds)
{
    if (!known(seconds)) {
        return unknownDuration;
    }
    if (seconds < 10) {
        return tr("%1s").arg(tenths(seconds));
    }
    const qint64 s = std::llround(seconds);
    if (s < 60) {
        return tr("%1s").arg(s);
    }
    if (s < 3600) {
        return tr("%1m %2s").arg(s / 60).arg(s % 60);
    }
    return tr("%1h %2m").arg(s / 3600).arg(s % 3600 / 60);
}

QString Format::eta(double seconds)
{
    if (!known(seconds)) {
        return {};
    }
    if (seconds < 1) {
        return tr("due now");
    }
    // Whole seconds: an estimate with tenths would claim a precision it does not have.
    const auto s = qint64(std::ceil(seconds));
    return tr("≈ %1 left").arg(s < 60 ? tr("%1s").arg(s) : duration(double(s)));
}

QString Format::noNews(const QDateTime &lastEvent, const QDateTime &now)
{
    if (!lastEvent.isValid()) {
        return {};
    }
    return tr("no news for %1").arg(span(double(lastEvent.secsTo(now))));
}

QString Format::span(double seconds)
{
    const auto s = std::max<qint64>(0, qint64(seconds));
    if (s < 60) {
        return tr("%1s").arg(s);
    }
    if (s < 3600) {
        return tr("%1m").arg(s / 60);
    }
    return tr("%1h").arg(s / 3600);
}

QString Format::statusLine(const QString &status, const QDateTime &lastEvent, const QDateTime &now)
{
    if (status == u"stalled" && lastEvent.isValid()) {
        return statusWord(status) + u" \u00B7 "_s + noNews(lastEvent, now);
    }
    return statusWord(status);
}

QString Format::ago(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid()) {
        return {};
    }
    const qint64 s = std::max<qint64>(0, std::llround(double(when.msecsTo(now)) / 1000));
    if (s < 5) {
        return tr("just now");
    }
    if (s < 60) {
        return tr("%1s ago").arg(s);
    }
    if (s < 3600) {
        return tr("%1m ago").arg(s / 60);
    }
    if (s < 86400) {
        return tr("%1h ago").arg(s / 3600);
    }
    return QLocale().toString(when.toLocalTime().date(), QLocale::ShortFormat);
}

QString Format::milliseconds(double ms)
{
    if (!known(ms)) {
        return unknownDuration;
    }
    if (ms < 0.1) {
        return tr("%1 ms").arg(u"< "_s + tenths(0.1));
    }
    if (ms < 10) {
        return tr("%1 ms").arg(tenths(ms));
    }
    return ms < 1000 ? tr("%1 ms").arg(std::llround(ms)) : duration(ms / 1000);
}

QString Format::bytes(double count)
{
    if (!known(count)) {
        return {};
    }
    if (count < 1024) {
        return tr("%n byte(s)", "", int(count));
    }
    if (count < 1024 * 1024) {
        return tr("%1 KiB").arg(tenths(count / 1024));
    }
    return tr("%1 MiB").arg(tenths(count / 1024 / 1024));
}

QString Format::dateTime(const QDateTime &when)
{
    if (!when.isValid()) {
        return {};
    }
    const QDateTime local = when.toLocalTime();
    return QLocale().toString(local.date(), QLocale::ShortFormat) + u' '
        + QLocale().toString(local.time(), u"HH:mm");
}

QString Format::clockTime(const QDateTime &when)
{
    return when.isValid() ? QLocale().toString(when.toLocalTime().time(), u"HH:mm:ss") : QString();
}

QString Format::firstLine(const QString &text)
{
    return text.section(u'\n', 0, 0);
}

QString Format::statusWord(const QString &status)
{
    return word(statusWords, status);
}

QString Format::statusGlyph(const QString &status)
{
    return glyph(statusGlyphs, status, queuedGlyph);
}

QString Format::childSummary(int count, int done)
{
    return done >= count ? tr("%n job(s) done", "", count)
                         : tr("%1 of %n job(s) done", "", count).arg(done);
}

QString Format::stateWord(const QString &state)
{
    const QString name = state.toLower();
    if (jobStatusFromName(name) || name == u"pending") {
        return statusWord(name);
    }
    const char *text = find(stateWords, name);
    return text ? tr(text) : state;
}

QString Format::sourceWord(const QString &state)
{
    return word(sourceWords, state);
}

QString Format::sourceGlyph(const QString &state)
{
    return glyph(sourceGlyphs, state, pausedGlyph);
}

QString Format::verdictWord(const QString &verdict)
{
    return word(verdictWords, verdict);
}

QString Format::verdictGlyph(const QString &verdict)
{
    return glyph(verdictGlyphs, verdict, duplicateGlyph);
}

} // namespace jobpulse

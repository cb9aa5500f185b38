#include "labels.h"

#include <algorithm>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {

QString canonicalName(const QString &name)
{
    return name == u"repo" ? u"repository"_s : name;
}

} // namespace

std::optional<LabelFilter> parseLabelFilter(const QString &text)
{
    const qsizetype eq = text.indexOf(u'=');
    if (eq <= 0) {
        return std::nullopt;
    }
    const QString name = canonicalName(text.left(eq).trimmed());
    const QString value = text.mid(eq + 1).trimmed();
    if (!isLabelName(name) || value.isEmpty()) {
        return std::nullopt;
    }
    return LabelFilter { name, value };
}

namespace {

// Words split at spaces outside double quotes (`actor:"Keith Pitt"` is one word).
QStringList searchWords(const QString &text)
{
    QStringList words;
    QString word;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == u'"') {
            quoted = !quoted;
        }
        if (c.isSpace() && !quoted) {
            if (!word.isEmpty()) {
                words.append(std::exchange(word, QString()));
            }
            continue;
        }
        word.append(c);
    }
    if (!word.isEmpty()) {
        words.append(word);
    }
    return words;
}

QString unquoted(const QString &text)
{
    return text.size() >= 2 && text.startsWith(u'"') && text.endsWith(u'"')
        ? text.mid(1, text.size() - 2)
        : text;
}

} // namespace

SearchTerms SearchTerms::parse(const QString &text)
{
    SearchTerms terms;
    QStringList words;
    for (const QString &word : searchWords(text)) {
        const qsizetype colon = word.indexOf(u':');
        if (colon > 0 && !word.startsWith(u'"')) {
            const QString name = canonicalName(word.left(colon));
            const QString value = unquoted(word.mid(colon + 1));
            if (isLabelName(name) && !value.isEmpty()) {
                terms.labels.append({ name, value });
                continue;
            }
        }
        words.append(unquoted(word));
    }
    terms.words = words.join(u' ');
    return terms;
}

QString SearchTerms::term(const LabelFilter &label)
{
    const bool quote = std::any_of(label.second.cbegin(), label.second.cend(),
        [](QChar c) { return c.isSpace() || c == u'"'; });
    return label.first + u':' + (quote ? u'"' + label.second + u'"' : label.second);
}

bool hasLabels(const Job &job, const QList<LabelFilter> &filters)
{
    for (const auto &[name, value] : filters) {
        if (job.labels.value(name) != value) {
            return false;
        }
    }
    return true;
}

} // namespace jobpulse
